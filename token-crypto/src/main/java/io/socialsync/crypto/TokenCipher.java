package io.socialsync.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.socialsync.model.Platform;

/**
 * Seals and opens access tokens with the configured keys ({@link TokenKeys}). Built at start, so a missing or
 * malformed key stops the service before it takes traffic: without {@code socialsync.crypto.keys} the {@code prod}
 * profile refuses to start, dev and test use a generated local key and say so.
 */
@Startup
@ApplicationScoped
public class TokenCipher {

    private final TokenKeys keys;
    private final OpenedTokens opened;

    public TokenCipher(CryptoConfig config) {
        this.keys = keys(config, ConfigUtils.getProfiles());
        this.opened = new OpenedTokens(keys::open);
        Log.infof("access tokens sealed with key %s (%s)", keys.primaryKeyId(),
                config.keys().isPresent() ? "socialsync.crypto.keys" : "generated local key, dev/test only");
    }

    public String primaryKeyId() {
        return keys.primaryKeyId();
    }

    public SealedToken seal(Platform platform, String platformAccountId, String token) {
        return keys.seal(platform, platformAccountId, token);
    }

    /** @throws TokenUnreadableException when the stored value cannot be opened */
    public String open(Platform platform, String platformAccountId, String stored) {
        return opened.open(platform, platformAccountId, stored);
    }

    static TokenKeys keys(CryptoConfig config, List<String> profiles) {
        return config.keys().filter(list -> !list.isEmpty()).map(TokenKeys::parse)
                .orElseGet(() -> localKeys(config, profiles));
    }

    private static TokenKeys localKeys(CryptoConfig config, List<String> profiles) {
        if (profiles.contains("prod")) {
            throw new IllegalStateException("socialsync.crypto.keys (SOCIALSYNC_CRYPTO_KEYS) is not set: access tokens "
                    + "cannot be encrypted. Set it to <key id>:<base64 of 32 random bytes> (openssl rand -base64 32).");
        }
        Path file = Path.of(config.localKeyFile()
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "socialsync-local-token-key").toString()));
        byte[] key = readOrCreate(file);
        String id = "local-" + HexFormat.of().formatHex(sha256(key), 0, 4);
        Log.warnf("socialsync.crypto.keys is not set: using the generated local key %s from %s (dev/test only; "
                + "the prod profile refuses to start without keys)", id, file);
        return TokenKeys.parse(List.of(id + ":" + Base64.getEncoder().encodeToString(key)));
    }

    /** Created once, atomically, so that services starting side by side end up with the same key. */
    private static byte[] readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[TokenKeys.KEY_BYTES];
                new SecureRandom().nextBytes(fresh);
                Path draft = Files.createTempFile(file.toAbsolutePath().getParent(), "socialsync-key", ".tmp");
                try {
                    Files.setPosixFilePermissions(draft, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the temporary folder is per user already.
                }
                Files.writeString(draft, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
                try {
                    Files.move(draft, file);
                } catch (FileAlreadyExistsException another) {
                    Files.deleteIfExists(draft);
                }
            }
            return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("local token key " + file + " could not be read or created", e);
        }
    }

    private static byte[] sha256(byte[] key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
