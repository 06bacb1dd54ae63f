package io.socialsync.responder.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * attachment's CDN URL, without a token. Telegram: {@code getFile} with the file id, then the file's path.
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

    /** What a Telegram bot may download (Bot API {@code getFile}). */
    static final long TELEGRAM_BOT_DOWNLOAD_BYTES = 20L * 1024 * 1024;
    static final String TOO_LARGE_FOR_BOTS = "file over the Telegram Bot API's 20 MB download limit";

    private final HttpClient http;
    private final TokenCipher tokens;
    private final String whatsappBaseUrl;
    private final String telegramBaseUrl;
    private final Duration timeout;

    public PlatformMedia(TokenCipher tokens, MediaConfig config,
            @ConfigProperty(name = "quarkus.rest-client.whatsapp-graph.url") String whatsappBaseUrl,
            @ConfigProperty(name = "quarkus.rest-client.telegram-bot.url") String telegramBaseUrl) {
        this.tokens = tokens;
        this.whatsappBaseUrl = whatsappBaseUrl.replaceAll("/+$", "");
        this.telegramBaseUrl = telegramBaseUrl.replaceAll("/+$", "");
        this.timeout = config.downloadTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public Download fetch(MediaFetches.Job job, int maxBytes) {
        if (job.platform() == Platform.WHATSAPP && job.mediaId() != null) {
            return whatsapp(job, maxBytes);
        }
        if (job.platform() == Platform.TELEGRAM && job.mediaId() != null) {
            return telegram(job, maxBytes);
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

    /**
     * Telegram: {@code getFile} names the file's path (valid at least an hour), then {@code /file/bot<token>/<path>}.
     * A bot may download 20 MB at most: a larger file is recorded as too large, never retried. The token is part of
     * both URLs, which are therefore never logged.
     */
    private Download telegram(MediaFetches.Job job, int maxBytes) {
        String token = tokens.open(Platform.TELEGRAM, job.platformAccountId(), job.accessToken());
        String base = telegramBaseUrl + "/bot" + token;
        JsonNode answer = telegramAnswer(URI.create(base + "/getFile?file_id="
                + URLEncoder.encode(job.mediaId(), StandardCharsets.UTF_8)));
        JsonNode file = answer.path("result");
        long size = file.path("file_size").asLong(0);
        if (size > TELEGRAM_BOT_DOWNLOAD_BYTES) {
            throw new UnreadableMediaException(TOO_LARGE_FOR_BOTS);
        }
        if (size > maxBytes) {
            throw new UnreadableMediaException("media of " + size + " bytes is over the limit");
        }
        String path = file.path("file_path").asText(null);
        if (path == null || path.isBlank()) {
            throw new UnreadableMediaException("getFile named no file_path");
        }
        byte[] bytes = get(URI.create(telegramBaseUrl + "/file/bot" + token + "/" + path), null, maxBytes);
        return new Download(bytes, job.mimeType());
    }

    /** A Bot API answer; 400 "file is too big" is Telegram's refusal of a file over the bots' download limit. */
    private JsonNode telegramAnswer(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 500 || status == 429) {
                throw new TransientFailure("platform answered " + status);
            }
            JsonNode answer = JsonCodec.decode(response.body(), JsonNode.class);
            if (status >= 400 || !answer.path("ok").asBoolean(false)) {
                String description = answer.path("description").asText("").toLowerCase(Locale.ROOT);
                throw new UnreadableMediaException(description.contains("too big")
                        ? TOO_LARGE_FOR_BOTS
                        : "platform answered " + status);
            }
            return answer;
        } catch (IOException e) {
            throw new TransientFailure("getFile failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted");
        } catch (RuntimeException e) {
            if (e instanceof TransientFailure || e instanceof UnreadableMediaException) {
                throw e;
            }
            throw new UnreadableMediaException("getFile answer unreadable");
        }
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
