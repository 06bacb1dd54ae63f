package io.socialsync.responder.platform;

import java.util.OptionalInt;

/**
 * Why a platform did not confirm a message, after the retries the adapter was allowed.
 *
 * @param platformErrorCode the platform's error code ({@code error.code} of the Graph API), when it answered with one
 * @param httpStatus the HTTP status, 0 when no answer came (connection refused, timeout, reset)
 * @param retryable the platform proved it did not take the message, and sending it later may succeed (rate limits,
 *        pair rate, a connection that never opened); false when it never will, or when the outcome is unknown
 * @param credentialsRejected the platform refused the account's access token: the account needs new credentials
 * @param deliveryUnknown the request was written and no answer proves either outcome (read timeout, connection reset,
 *        5xx, Graph codes 1, 2, 131000): the message may have reached the customer, so it is never sent again blindly
 * @param reason short text for {@code messages.status_detail}: the code and the platform's explanation, no message
 *        text, no token
 */
public record SendFailure(OptionalInt platformErrorCode, int httpStatus, boolean retryable, boolean credentialsRejected,
        boolean deliveryUnknown, String reason) {

    public static SendFailure unknown(int httpStatus, OptionalInt code, String reason) {
        return new SendFailure(code, httpStatus, false, false, true, reason);
    }

    /** The metric tag of this failure: never a customer, never free text. */
    public String outcome() {
        if (deliveryUnknown) {
            return "unconfirmed";
        }
        return retryable ? "failed_retryable" : "failed_permanent";
    }
}
