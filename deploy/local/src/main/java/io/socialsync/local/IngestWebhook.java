package io.socialsync.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.socialsync.model.HubSignature;

/** Posts deliveries to ingest-service as Meta would: raw JSON bytes with their signature header. */
public final class IngestWebhook {

    private final URI url;
    private final String appSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** WhatsApp's webhook. */
    public IngestWebhook(String ingestBaseUrl, String appSecret) {
        this(ingestBaseUrl, "whatsapp", appSecret);
    }

    /** The webhook of {@code platform} ({@code whatsapp}, {@code instagram}), signed with that app's secret. */
    public IngestWebhook(String ingestBaseUrl, String platform, String appSecret) {
        this.url = URI.create(ingestBaseUrl + "/webhooks/" + platform);
        this.appSecret = appSecret;
    }

    public URI url() {
        return url;
    }

    /** Signs with the configured app secret and posts. */
    public HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        return postWithSignature(body, HubSignature.sign(appSecret, body));
    }

    /** Posts with any header value (or none, when null): what a forger or a misconfigured proxy would send. */
    public HttpResponse<String> postWithSignature(byte[] body, String signature)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(HubSignature.HEADER, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
