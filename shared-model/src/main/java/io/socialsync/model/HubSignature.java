package io.socialsync.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's webhook signature, {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, app secret)>}: checked by
 * ingest over the raw bytes before anything parses them, and computed the same way by the local sandbox and the load
 * generator so that their deliveries pass the same check as real ones. Keys are built once; each check uses a fresh
 * {@link Mac} and compares in constant time. Several secrets may be valid at once (an Instagram app and its Facebook
 * app).
 */
public final class HubSignature {

    /** The header Meta signs deliveries in. */
    public static final String HEADER = "X-Hub-Signature-256";
    /** What the header's value starts with, before the hex digest. */
    public static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int DIGEST_HEX_LENGTH = 64;

    private final List<SecretKeySpec> keys;

    private HubSignature(List<SecretKeySpec> keys) {
        this.keys = keys;
    }

    /** A verifier for the given app secrets; blank or absent ones are left out. With none, nothing verifies. */
    @SafeVarargs
    public static HubSignature forSecrets(Optional<String>... secrets) {
        return new HubSignature(Arrays.stream(secrets)
                .flatMap(Optional::stream)
                .filter(secret -> !secret.isBlank())
                .map(HubSignature::key)
                .toList());
    }

    /** Whether any secret is configured; without one every delivery is refused. */
    public boolean configured() {
        return !keys.isEmpty();
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
            matched |= MessageDigest.isEqual(presented, mac(key).doFinal(rawBody));
        }
        return matched;
    }

    /** The header value Meta would send for this body under this app secret. */
    public static String sign(String secret, byte[] rawBody) {
        return signer(secret).header(rawBody);
    }

    /** A signer that keeps one {@link Mac} for every body it signs: for one thread that signs many. */
    public static Signer signer(String secret) {
        return new Signer(mac(key(secret)));
    }

    /** Signs bodies under one secret; not thread-safe (it reuses its {@link Mac}). */
    public static final class Signer {

        private final Mac mac;

        private Signer(Mac mac) {
            this.mac = mac;
        }

        /** The lowercase hex digest of the body, the part of the header after {@link #PREFIX}. */
        public String hex(byte[] rawBody) {
            return HexFormat.of().formatHex(mac.doFinal(rawBody));
        }

        /** The whole header value: {@link #PREFIX} and the hex digest. */
        public String header(byte[] rawBody) {
            return PREFIX + hex(rawBody);
        }
    }

    private static SecretKeySpec key(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
