package io.socialsync.ingest.platform.meta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import io.socialsync.ingest.webhook.WebhookRequest;

/**
 * Meta's {@code GET} setup check ({@code hub.mode=subscribe}, {@code hub.verify_token}, {@code hub.challenge}): the
 * token is compared in constant time. Without a configured token, every check fails.
 */
public final class MetaVerifyToken {

    private static final String SUBSCRIBE = "subscribe";

    private final byte[] token;

    public MetaVerifyToken(Optional<String> configured) {
        this.token = configured.filter(value -> !value.isBlank())
                .map(value -> value.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    public boolean matches(String presented) {
        return token != null && presented != null
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The challenge to echo when the request is a subscription check presenting our token, else empty. */
    public Optional<String> challenge(WebhookRequest request) {
        Optional<String> challenge = request.queryParameter("hub.challenge");
        boolean accepted = challenge.isPresent() && request.queryParameter("hub.mode").filter(SUBSCRIBE::equals)
                .isPresent() && matches(request.queryParameter("hub.verify_token").orElse(null));
        return accepted ? challenge : Optional.empty();
    }
}
