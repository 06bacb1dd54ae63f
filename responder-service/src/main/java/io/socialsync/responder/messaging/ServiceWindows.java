package io.socialsync.responder.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The customer-service window of a conversation: open for the platform's window (WhatsApp and Instagram 24 h) after
 * the customer's last message. The window itself is the platform's (its channel says it); this only applies it.
 */
@ApplicationScoped
public class ServiceWindows {

    /** A conversation without any message from the customer counts as one whose window closed long ago. */
    private static final Duration NEVER_WROTE = Duration.ofDays(36_500);

    private final Duration margin;

    public ServiceWindows(ServiceWindowConfig config) {
        this.margin = config.margin();
    }

    /**
     * Whether an AI reply started now could no longer reach the customer in time: the window closed, or closes within
     * the margin a reply needs (generation and sending).
     *
     * @param window the platform's window, empty when it has none
     */
    public boolean closesBeforeReply(Optional<Duration> window, Instant lastInbound) {
        return window.isPresent() && !lastInbound.plus(window.get()).minus(margin).isAfter(Instant.now());
    }

    /** How long ago the customer last wrote, when that is beyond the window; empty while it is open (or none). */
    public Optional<Duration> closedSince(Optional<Duration> window, Optional<Instant> lastInbound) {
        if (window.isEmpty()) {
            return Optional.empty();
        }
        Duration since = lastInbound.map(at -> Duration.between(at, Instant.now())).orElse(NEVER_WROTE);
        return since.compareTo(window.get()) >= 0 ? Optional.of(since) : Optional.empty();
    }
}
