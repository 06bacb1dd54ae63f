package io.socialsync.responder.platform.telegram;

import java.net.ConnectException;
import java.util.OptionalInt;

import io.socialsync.responder.platform.SendFailure;

/**
 * How SocialSync reads the Bot API's refusals. Only what proves the message was not taken is retryable: flood
 * control (429, after its {@code retry_after}) and a connection that never opened. 401 is a rejected token (the
 * account is flagged); 403 is final for the chat (the customer blocked the bot, or the business connection may no
 * longer reply); other 4xx are final. A 5xx, a timeout or a reset leaves the message unconfirmed: Telegram has no
 * delivery report, so such a part is sent again once after the confirmation wait, like any unconfirmed part.
 */
final class TelegramErrors {

    static final int BLOCKED = 403;
    private static final int MAX_REASON_LENGTH = 300;

    private TelegramErrors() {
    }

    static SendFailure toSendFailure(Throwable thrown) {
        TelegramApiException refused = find(thrown, TelegramApiException.class);
        if (refused != null) {
            int status = refused.httpStatus();
            String reason = truncate(refused.getMessage());
            if (status >= 500) {
                return SendFailure.unknown(status, OptionalInt.empty(), reason);
            }
            boolean retryable = status == 429;
            boolean credentialsRejected = status == 401;
            return new SendFailure(OptionalInt.of(status), status, retryable, credentialsRejected, false, reason);
        }
        if (find(thrown, ConnectException.class) != null) {
            return new SendFailure(OptionalInt.empty(), 0, true, false, false, "connection refused");
        }
        return SendFailure.unknown(0, OptionalInt.empty(), truncate(thrown.getClass().getSimpleName()));
    }

    /** Whether the chat refused the bot for good (blocked by the user, or no right to reply). */
    static boolean blocked(SendFailure failure) {
        return failure.httpStatus() == BLOCKED;
    }

    static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }
}
