package io.socialsync.responder.batch;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A batch in {@code socialsync:dead}, as an operator sees it: which conversation, why, and which stored messages
 * (their text stays in PostgreSQL).
 *
 * @param id the stream entry id, used to replay it
 * @param conversation the Redis conversation key (platform, account, contact)
 */
public record DeadLetter(String id, UUID batchId, String conversation, int attempts, String reason, Instant deadAt,
        List<UUID> messageIds) {
}
