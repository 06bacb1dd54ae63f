package io.socialsync.responder.reply;

import java.time.Duration;

/**
 * What answering a batch came to; the claim loop alone turns it into the batch's next step in Redis.
 */
public sealed interface ReplyOutcome {

    /** The metric and log tag: never a customer, never free text. */
    String tag();

    /** Done with the batch (answered, handed to a person, held, refused): release it. */
    record Completed(String tag) implements ReplyOutcome {
    }

    /** The batch already left this replica's hands in Redis (superseded by newer messages, or its lease lost). */
    record AlreadyEnded(String tag) implements ReplyOutcome {
    }

    /** Nothing went out and something may pass later: another attempt after the backoff, counted. */
    record Retry(String tag, String reason) implements ReplyOutcome {
    }

    /** A sent part waits for the platform's confirmation: the batch is due again after {@code after}, uncounted. */
    record Recheck(String tag, Duration after) implements ReplyOutcome {
    }

    /** An operator must decide. */
    record DeadLetter(String tag, String reason) implements ReplyOutcome {
    }
}
