package io.socialsync.crypto;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Encryption of access tokens at rest ({@code socialsync.crypto.*}). */
@ConfigMapping(prefix = "socialsync.crypto")
public interface CryptoConfig {

    /**
     * The keys ({@code SOCIALSYNC_CRYPTO_KEYS}), comma separated, each {@code <key id>:<base64 of 32 random bytes>}
     * ({@code openssl rand -base64 32}); the first is the primary, the others still open what they sealed. Unset: the
     * {@code prod} profile refuses to start; dev and test use a generated local key ({@link #localKeyFile()}).
     */
    Optional<List<String>> keys();

    /**
     * Where dev and test keep their generated key, shared by the services of one machine so that a token sealed by
     * ingest opens in the responder. Default: {@code socialsync-local-token-key} in the system's temporary folder.
     */
    Optional<String> localKeyFile();

    /** Whether each service seals the plaintext tokens it finds at start (rows written before encryption). */
    @WithDefault("true")
    boolean sealAtStart();
}
