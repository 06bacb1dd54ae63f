package io.socialsync.responder.logging;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * The name a customer goes by in logs: the first 64 bits of HMAC-SHA256(secret key, contact id), hex. A plain hash of
 * a phone number hides nothing (numbers are few enough to try them all); a keyed one can only be recomputed by whoever
 * holds the key, and still joins every line about one customer.
 */
@ApplicationScoped
public class ContactPseudonyms {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int BYTES = 8;

    private final SecretKeySpec key;

    public ContactPseudonyms(LogsConfig config) {
        this.key = new SecretKeySpec(config.pseudonymKey().filter(secret -> !secret.isBlank())
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8))
                .orElseGet(ContactPseudonyms::randomKey), ALGORITHM);
    }

    /** The contact's pseudonym: 16 hex characters, the same for the same contact under the same key. */
    public String of(String contactId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(contactId.getBytes(StandardCharsets.UTF_8)), 0, BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    private static byte[] randomKey() {
        Log.warn("SOCIALSYNC_LOG_PSEUDONYM_KEY is not set: contacts in the logs are pseudonymised with a random key of "
                + "this process, so lines of other replicas or of a restart cannot be joined on a contact. Set it (a "
                + "secret, like the other secrets) to join them.");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }
}
