package io.socialsync.ingest.platform.meta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The token Meta's GET setup check must present, compared in constant time. Without one, every check fails. */
public final class MetaVerifyToken {

    private final byte[] token;

    public MetaVerifyToken(Optional<String> configured) {
        this.token = configured.filter(value -> !value.isBlank())
                .map(value -> value.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    public boolean matches(String presented) {
        return token != null && presented != null
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
