package io.socialsync.responder.platform;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Spaces the messages to one recipient so that a split reply, or replies in quick succession, do not trip the
 * platform's per-recipient rate limit (WhatsApp 131056). Each send reserves the recipient's next free slot and waits
 * for it on a timer: no thread is held, and other recipients are never delayed.
 *
 * <p>
 * The slots live in this replica's memory: one conversation's batches are claimed one at a time, and consecutive
 * batches of one customer are a batching window apart, so two replicas rarely send to one customer within the spacing.
 */
@ApplicationScoped
public class RecipientPacer {

    /** Slots older than this are forgotten, at most once per this interval. */
    private static final long SWEEP_INTERVAL_NANOS = Duration.ofSeconds(30).toNanos();

    /** Recipient key → {@link System#nanoTime()} from which the next message may go. */
    private final ConcurrentHashMap<String, Long> nextFree = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

    /**
     * @param recipient the platform, account and contact, e.g. {@code whatsapp:123:4915…}
     * @return completes when the message may be sent, at once when the recipient had nothing within {@code spacing}
     */
    public Uni<Void> awaitTurn(String recipient, Duration spacing) {
        long now = System.nanoTime();
        long[] slot = new long[1];
        nextFree.compute(recipient, (key, next) -> {
            slot[0] = next == null || next - now < 0 ? now : next;
            return slot[0] + spacing.toNanos();
        });
        sweep(now);
        long wait = slot[0] - now;
        if (wait <= 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(wait));
    }

    /** Recipients currently remembered; for tests and the sweep. */
    int remembered() {
        return nextFree.size();
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last < SWEEP_INTERVAL_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        // Conditional removal: a slot reserved meanwhile has a later value and stays.
        nextFree.values().removeIf(next -> next - now < 0);
    }
}
