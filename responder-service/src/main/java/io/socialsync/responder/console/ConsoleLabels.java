package io.socialsync.responder.console;

import java.util.Set;

/**
 * Which stored values have a translated label ({@code status_…}, {@code reason_…} in the message bundle); any other
 * value shows as "other" rather than failing the page, since other parts of the system may add values.
 */
final class ConsoleLabels {

    private static final Set<String> STATUSES = Set.of("received", "replying", "held", "failed", "ignored",
            "awaiting_human", "answered", "queued", "sending", "sent", "delivered", "read");
    private static final Set<String> REASONS = Set.of("low_confidence", "no_credits", "human_replied", "operator",
            "held_too_old", "send_unconfirmed", "send_failed", "window_closed");

    private ConsoleLabels() {
    }

    static String status(String status) {
        return "status_" + (STATUSES.contains(status) ? status : "other");
    }

    static String reason(String reason) {
        return "reason_" + (REASONS.contains(reason) ? reason : "other");
    }
}
