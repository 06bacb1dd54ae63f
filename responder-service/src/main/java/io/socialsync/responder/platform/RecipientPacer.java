package io.socialsync.responder.platform;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Spaces the messages to one recipient so that a split reply, or replies in quick succession, do not trip the
 * platform's per-recipient rate limit (WhatsApp 131056). Messages to one recipient go one after the other, each at
 * least {@code spacing} after the previous one finished (so the platform sees them spaced however long each call
 * took, and in the order they were asked for); the wait is a timer, no thread is held, and other recipients are
 * never delayed.
 *
 * <p>
 * The queues live in this replica's memory: one conversation's batches are claimed one at a time, and consecutive
 * batches of one customer are a batching window apart, so two replicas rarely send to one customer within the spacing.
 */
@ApplicationScoped
public class RecipientPacer {

    /** Finished sends older than this are forgotten, at most once per this interval. */
    private static final long FORGET_AFTER_NANOS = Duration.ofSeconds(60).toNanos();

    /** Recipient key → the last send asked for, completed with the {@link System#nanoTime()} it finished at. */
    private final ConcurrentHashMap<String, CompletableFuture<Long>> lastSend = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

    /**
     * Runs {@code send} in the recipient's turn.
     *
     * @param recipient the platform, account and contact, e.g. {@code whatsapp:123:4915…}
     * @param send called when it is the recipient's turn; its end (item, failure or cancellation) frees the turn
     */
    public <T> Uni<T> paced(String recipient, Duration spacing, Supplier<Uni<T>> send) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Long> mine = new CompletableFuture<>();
            CompletableFuture<Long> previous = lastSend.put(recipient, mine);
            sweep();
            Uni<Void> turn = previous == null
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom().completionStage(previous).flatMap(finishedAt -> {
                        long wait = finishedAt + spacing.toNanos() - System.nanoTime();
                        return wait <= 0
                                ? Uni.createFrom().voidItem()
                                : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(wait));
                    });
            return turn.flatMap(ready -> send.get())
                    .onTermination().invoke(() -> mine.complete(System.nanoTime()));
        });
    }

    /** Recipients currently remembered; for tests. */
    int remembered() {
        return lastSend.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last < FORGET_AFTER_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        // Conditional removal: a recipient whose send was asked for meanwhile has a new future and stays.
        lastSend.values().removeIf(send -> send.isDone() && now - send.join() > FORGET_AFTER_NANOS);
    }
}
