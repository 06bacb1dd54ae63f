package io.socialsync.responder.platform.telegram;

import java.util.OptionalInt;

/**
 * A Bot API call the Bot API refused ({@code ok: false}): its HTTP status, {@code error_code}, {@code description}
 * and, for flood control (429), {@code parameters.retry_after} in seconds. Never carries the token.
 */
public class TelegramApiException extends RuntimeException {

    private final int httpStatus;
    private final OptionalInt retryAfterSeconds;

    public TelegramApiException(int httpStatus, String description, OptionalInt retryAfterSeconds) {
        super("HTTP " + httpStatus + (description == null ? "" : ": " + description), null, false, false);
        this.httpStatus = httpStatus;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public OptionalInt retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
