package io.socialsync.responder.media;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;

/**
 * HMAC-signed links to media kept in PostgreSQL: {@code /media/{id}?expires={epoch s}&signature={base64url HMAC}}
 * over the id and the expiry, so neither can be changed without the key. The key is built once, a MAC per call,
 * and signatures are compared in constant time.
 */
@ApplicationScoped
public class MediaLinks {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final String baseUrl;
    private final Duration validity;
    private final Clock clock;

    @Inject
    public MediaLinks(MediaConfig config) {
        this(config, Clock.systemUTC());
    }

    MediaLinks(MediaConfig config, Clock clock) {
        byte[] secret;
        if (config.links().signingKey().filter(value -> !value.isBlank()).isPresent()) {
            secret = config.links().signingKey().get().getBytes(StandardCharsets.UTF_8);
        } else {
            Log.warn("no SOCIALSYNC_MEDIA_SIGNING_KEY: media links are signed with a random key of this process and "
                    + "work only on this replica until it restarts");
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.baseUrl = config.links().publicBaseUrl().replaceAll("/+$", "");
        this.validity = config.links().validity();
        this.clock = clock;
    }

    /** A link to the object valid for the configured validity (24 h). */
    public String signedUrl(UUID objectId) {
        long expires = clock.instant().plus(validity).getEpochSecond();
        return baseUrl + "/media/" + objectId + "?expires=" + expires + "&signature=" + signature(objectId, expires);
    }

    /** Whether the link's signature is ours and it has not expired. */
    public boolean valid(UUID objectId, long expires, String signature) {
        if (signature == null || Instant.ofEpochSecond(expires).isBefore(clock.instant())) {
            return false;
        }
        return MessageDigest.isEqual(signature(objectId, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    String signature(UUID objectId, long expires) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((objectId + "\n" + expires).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
