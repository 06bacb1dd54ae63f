package io.socialsync.responder.logging;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** How the responder's logs name people ({@code socialsync.logs.*}). */
@ConfigMapping(prefix = "socialsync.logs")
public interface LogsConfig {

    /**
     * The secret of the contacts' pseudonyms ({@code SOCIALSYNC_LOG_PSEUDONYM_KEY}): a log line names a customer by
     * HMAC-SHA256(key, contact id), so lines can be joined on a customer without revealing the number, and nobody
     * without the key can try every number. Dev and test have a fixed key; without one in prod the service starts
     * with a random key of its own and says so (lines of different replicas or restarts then do not join).
     */
    Optional<String> pseudonymKey();
}
