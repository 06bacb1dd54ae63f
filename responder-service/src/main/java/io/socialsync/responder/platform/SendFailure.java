package io.socialsync.responder.platform;

import java.util.OptionalInt;

/**
 * Why a platform did not take a message, after the retries the adapter was allowed.
 *
 * @param platformErrorCode the platform's error code ({@code error.code} of the Graph API), when it answered with one
 * @param httpStatus the HTTP status, 0 when no answer came (connection refused, timeout)
 * @param retryable whether sending the same message later may succeed (rate limits, server errors, network); false
 *        when it never will (24 h window closed, token revoked, recipient unavailable, any other client error)
 * @param credentialsRejected the platform refused the account's access token: the account needs new credentials
 * @param reason short text for {@code messages.status_detail}: the code and the platform's explanation, no message
 *        text, no token
 */
public record SendFailure(OptionalInt platformErrorCode, int httpStatus, boolean retryable, boolean credentialsRejected,
        String reason) {

    /** The metric tag of this failure: never a customer, never free text. */
    public String outcome() {
        return retryable ? "failed_retryable" : "failed_permanent";
    }
}
