package io.socialsync.model;

/**
 * The names of the structured fields (MDC) that every service's log lines carry where they apply, so that one query
 * finds a message's lines across the three services. The trace id comes from OpenTelemetry ({@code traceId}) when
 * tracing is on. Never a phone number: a contact appears only as its keyed pseudonym.
 */
public final class LogFields {

    public static final String PLATFORM = "platform";
    /** The platform's id of the business account (phone_number_id, Instagram account id, bot id). */
    public static final String ACCOUNT = "account";
    /** The claimed batch's id. */
    public static final String BATCH_ID = "batch_id";
    /** The customer's keyed pseudonym (HMAC), never the phone number or platform id itself. */
    public static final String CONTACT = "contact";
    public static final String OUTCOME = "outcome";
    /** How long the step the line reports took, in milliseconds. */
    public static final String DURATION_MS = "duration_ms";

    private LogFields() {
    }
}
