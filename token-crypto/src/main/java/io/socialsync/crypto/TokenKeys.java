package io.socialsync.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;

import io.socialsync.model.Platform;

/**
 * The keys that seal access tokens, and the sealing itself: Tink's AES-256-GCM AEAD, one key primary (new
 * ciphertexts), the others still opening what they sealed until a rotation re-encrypts it. A stored token reads
 * {@code enc:<key id>:<base64 ciphertext>}, so each ciphertext names its key. The associated data is the account
 * ({@code platform:platform account id}): a ciphertext copied onto another account's row does not open.
 *
 * <p>
 * A stored value without the {@code enc:} prefix is a token written before encryption existed; it is returned as it
 * is, and the start-up step ({@link StoredTokens#sealPlaintext()}) seals every such row.
 */
public final class TokenKeys {

    static final String PREFIX = "enc:";
    static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    private final String primaryId;
    private final Map<String, Aead> byId;

    private TokenKeys(String primaryId, Map<String, Aead> byId) {
        this.primaryId = primaryId;
        this.byId = byId;
    }

    /**
     * Reads {@code socialsync.crypto.keys}: entries {@code <key id>:<base64 of 32 random bytes>}, the primary first.
     * The message of a failure names the entry's position, never its key.
     */
    public static TokenKeys parse(List<String> entries) {
        Map<String, Aead> byId = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).strip();
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("socialsync.crypto.keys entry " + (i + 1)
                        + " is not <key id>:<base64 key> (id: 1-40 letters, digits, '.', '_' or '-')");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException notBase64) {
                throw new IllegalArgumentException("socialsync.crypto.keys entry " + (i + 1) + " (" + id
                        + "): the key is not base64");
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("socialsync.crypto.keys entry " + (i + 1) + " (" + id + "): the key "
                        + "has " + key.length + " bytes, AES-256-GCM needs 32 (openssl rand -base64 32)");
            }
            if (byId.put(id, aead(key)) != null) {
                throw new IllegalArgumentException("socialsync.crypto.keys: key id " + id + " appears twice");
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException("socialsync.crypto.keys is empty");
        }
        return new TokenKeys(byId.keySet().iterator().next(), Map.copyOf(byId));
    }

    public String primaryKeyId() {
        return primaryId;
    }

    /** Seals a token under the primary key. */
    public SealedToken seal(Platform platform, String platformAccountId, String token) {
        try {
            byte[] ciphertext = byId.get(primaryId).encrypt(token.getBytes(StandardCharsets.UTF_8),
                    associatedData(platform, platformAccountId));
            return new SealedToken(primaryId,
                    PREFIX + primaryId + ":" + Base64.getEncoder().encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token could not be sealed", e);
        }
    }

    /**
     * The token in a stored value: opened with the key it names, or the value itself when it was never sealed.
     *
     * @throws TokenUnreadableException when the key is not configured or the ciphertext does not authenticate
     */
    public String open(Platform platform, String platformAccountId, String stored) {
        if (stored == null || !isSealed(stored)) {
            return stored;
        }
        String keyId = keyIdOf(stored).orElseThrow(() -> new TokenUnreadableException("malformed sealed token"));
        Aead aead = byId.get(keyId);
        if (aead == null) {
            throw new TokenUnreadableException("token sealed with key " + keyId + ", which is not configured");
        }
        try {
            byte[] ciphertext = Base64.getDecoder().decode(stored.substring(PREFIX.length() + keyId.length() + 1));
            return new String(aead.decrypt(ciphertext, associatedData(platform, platformAccountId)),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TokenUnreadableException("token sealed with key " + keyId + " does not authenticate");
        }
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The key id a sealed value names. */
    public static Optional<String> keyIdOf(String stored) {
        if (!isSealed(stored)) {
            return Optional.empty();
        }
        int end = stored.indexOf(':', PREFIX.length());
        return end < 0 ? Optional.empty() : Optional.of(stored.substring(PREFIX.length(), end));
    }

    static Aead aead(byte[] key) {
        try {
            AesGcmParameters parameters = AesGcmParameters.builder().setKeySizeBytes(KEY_BYTES).setIvSizeBytes(12)
                    .setTagSizeBytes(16).setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
            return AesGcmJce.create(AesGcmKey.builder().setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())).build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] associatedData(Platform platform, String platformAccountId) {
        return ("social_accounts:" + platform.wire() + ":" + platformAccountId).getBytes(StandardCharsets.UTF_8);
    }
}
