package io.socialsync.ingest.platform.meta;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.socialsync.ingest.webhook.WebhookRequest;

/**
 * Checks Meta's {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, app secret)>} over the raw bytes,
 * before anything parses them. Keys are built once; each check uses a fresh {@link Mac} and compares in constant
 * time. Several secrets may be valid at once (an Instagram app and its Facebook app).
 */
public final class MetaSignature {

    /** The header Meta signs deliveries in. */
    public static final String HEADER = "X-Hub-Signature-256";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";
    private static final int DIGEST_HEX_LENGTH = 64;

    private final List<SecretKeySpec> keys;

    private MetaSignature(List<SecretKeySpec> keys) {
        this.keys = keys;
    }

    /** A verifier for the given app secrets; blank or absent ones are left out. With none, nothing verifies. */
    @SafeVarargs
    public static MetaSignature forSecrets(Optional<String>... secrets) {
        List<SecretKeySpec> keys = java.util.Arrays.stream(secrets)
                .flatMap(Optional::stream)
                .filter(secret -> !secret.isBlank())
                .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM))
                .toList();
        return new MetaSignature(keys);
    }

    /** Whether any secret is configured; without one every delivery is refused. */
    public boolean configured() {
        return !keys.isEmpty();
    }

    /** Whether the request's {@link #HEADER} signs its raw body under one of the secrets. */
    public boolean matches(WebhookRequest request) {
        return matches(request.header(HEADER).orElse(null), request.body());
    }

    /** @return true only when the header carries the HMAC of exactly these bytes under one of the secrets */
    public boolean matches(String header, byte[] rawBody) {
        if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + DIGEST_HEX_LENGTH) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        boolean matched = false;
        for (SecretKeySpec key : keys) {
            // Every key is tried, so the time taken does not tell which one matched.
            matched |= MessageDigest.isEqual(presented, hmac(key, rawBody));
        }
        return matched;
    }

    /** The header value Meta would send for this body; used by the local sandbox and tests. */
    public static String sign(String secret, byte[] rawBody) {
        return PREFIX + HexFormat.of()
                .formatHex(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM), rawBody));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
