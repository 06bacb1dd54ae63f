package io.socialsync.ingest.platform.telegram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import io.socialsync.ingest.webhook.WebhookRequest;

/**
 * Telegram proves an update is its own only by echoing the webhook's {@code secret_token} in
 * {@code X-Telegram-Bot-Api-Secret-Token} (no signature): compared in constant time over SHA-256 digests, so neither
 * the content nor the length of the secret leaks through timing. Without a configured secret, nothing verifies.
 */
final class TelegramSecretToken {

    static final String HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final byte[] expectedDigest;

    TelegramSecretToken(Optional<String> configured) {
        this.expectedDigest = configured.filter(secret -> !secret.isBlank()).map(TelegramSecretToken::digest)
                .orElse(null);
    }

    boolean configured() {
        return expectedDigest != null;
    }

    boolean matches(WebhookRequest request) {
        Optional<String> presented = request.header(HEADER);
        return expectedDigest != null && presented.isPresent()
                && MessageDigest.isEqual(expectedDigest, digest(presented.get()));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
