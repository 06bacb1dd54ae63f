package io.socialsync.responder.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.socialsync.crypto.TokenCipher;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;

/**
 * Downloads a customer's media from the platform, on a fetcher's worker thread (blocking, bounded by the per-type
 * size limit and a timeout). WhatsApp: {@code GET /{media id}} with the account's token names a short-lived URL,
 * the size and the SHA-256; the file is downloaded with the same token and must have that hash. Instagram: the
 * attachment's CDN URL, without a token.
 */
@ApplicationScoped
public class PlatformMedia {

    /** The downloaded bytes and their declared MIME type. */
    public record Download(byte[] bytes, String mimeType) {
    }

    /** A failure worth trying again (the platform or network had a bad moment). */
    public static class TransientFailure extends RuntimeException {

        public TransientFailure(String reason) {
            super(reason, null, false, false);
        }
    }

    private final HttpClient http;
    private final TokenCipher tokens;
    private final String whatsappBaseUrl;
    private final Duration timeout;

    public PlatformMedia(TokenCipher tokens, MediaConfig config,
            @ConfigProperty(name = "quarkus.rest-client.whatsapp-graph.url") String whatsappBaseUrl) {
        this.tokens = tokens;
        this.whatsappBaseUrl = whatsappBaseUrl.replaceAll("/+$", "");
        this.timeout = config.downloadTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public Download fetch(MediaFetches.Job job, int maxBytes) {
        if (job.platform() == Platform.WHATSAPP && job.mediaId() != null) {
            return whatsapp(job, maxBytes);
        }
        if (job.mediaUrl() == null) {
            throw new UnreadableMediaException("no media id or URL");
        }
        return new Download(get(URI.create(job.mediaUrl()), null, maxBytes), job.mimeType());
    }

    private Download whatsapp(MediaFetches.Job job, int maxBytes) {
        String authorization = "Bearer " + tokens.open(Platform.WHATSAPP, job.platformAccountId(), job.accessToken());
        byte[] lookup = get(URI.create(whatsappBaseUrl + "/" + job.mediaId()), authorization, 64 * 1024);
        JsonNode media = JsonCodec.decode(new String(lookup, java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
        String url = media.path("url").asText(null);
        if (url == null) {
            throw new UnreadableMediaException("media lookup named no URL");
        }
        if (media.path("file_size").asLong(0) > maxBytes) {
            throw new UnreadableMediaException("media of " + media.path("file_size").asLong() + " bytes is over the "
                    + "limit");
        }
        byte[] bytes = get(URI.create(url), authorization, maxBytes);
        String expected = media.path("sha256").asText(null);
        if (expected != null && !expected.isBlank()
                && !expected.toLowerCase(Locale.ROOT).equals(ProcessedMedia.sha256Hex(bytes))) {
            // A truncated or altered download: tried again, then recorded failed.
            throw new TransientFailure("sha256 mismatch");
        }
        String mimeType = media.path("mime_type").asText(job.mimeType());
        return new Download(bytes, mimeType);
    }

    private byte[] get(URI uri, String authorization, int maxBytes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status >= 500 || status == 429) {
                    throw new TransientFailure("platform answered " + status);
                }
                if (status >= 400) {
                    // Expired media id or URL, or a token that may not read it: no retry makes it readable.
                    throw new UnreadableMediaException("platform answered " + status);
                }
                byte[] bytes = body.readNBytes(maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw new UnreadableMediaException("media over the limit of " + maxBytes + " bytes");
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new TransientFailure("download failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted");
        }
    }
}
