package io.socialsync.responder.batch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.socialsync.responder.config.ResponderConfig;
import io.socialsync.responder.reply.ReplyService;
import io.vertx.mutiny.core.Vertx;

/**
 * Wakes at the earliest deadline (capped by {@code max-idle}) instead of polling on a fixed beat, claims every due
 * batch, and answers up to {@code concurrency} batches at once without holding a thread for any of them.
 */
@ApplicationScoped
public class ClaimLoop {

    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final BatchClaimer claimer;
    private final ReplyService replies;
    private final Vertx vertx;
    private final long maxIdleMillis;
    private final int concurrency;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Set when the loop stopped claiming because {@code concurrency} batches are in flight. */
    private final AtomicBoolean waitingForCapacity = new AtomicBoolean();
    private volatile boolean stopping;

    public ClaimLoop(BatchClaimer claimer, ReplyService replies, Vertx vertx, ResponderConfig config) {
        this.claimer = claimer;
        this.replies = replies;
        this.vertx = vertx;
        this.maxIdleMillis = config.claim().maxIdle().toMillis();
        this.concurrency = config.claim().concurrency();
    }

    void onStart(@Observes StartupEvent event) {
        Log.infof("claiming due batches, up to %d at once", concurrency);
        vertx.runOnContext(this::poll);
    }

    void onStop(@Observes ShutdownEvent event) {
        // Claim nothing new; batches in flight finish within the shutdown timeout or their leases expire.
        stopping = true;
    }

    /** Batches being answered now. */
    public int inFlight() {
        return inFlight.get();
    }

    private void poll() {
        if (stopping) {
            return;
        }
        if (inFlight.get() >= concurrency) {
            waitingForCapacity.set(true);
            return;
        }
        claimer.claimNext().subscribe().with(this::onClaim, failure -> {
            Log.warnf("claiming failed, retrying in %s: %s", AFTER_FAILURE, failure.toString());
            vertx.setTimer(AFTER_FAILURE.toMillis(), id -> poll());
        });
    }

    private void onClaim(ClaimResult result) {
        if (result.batch().isPresent()) {
            answer(result.batch().get());
            poll();
            return;
        }
        long untilNext = result.nextDeadline().isPresent()
                ? result.nextDeadline().getAsLong() - result.now()
                : maxIdleMillis;
        vertx.setTimer(Math.max(1, Math.min(untilNext, maxIdleMillis)), id -> poll());
    }

    private void answer(ClaimedBatch batch) {
        inFlight.incrementAndGet();
        replies.answer(batch)
                .onTermination().invoke(() -> {
                    inFlight.decrementAndGet();
                    if (waitingForCapacity.compareAndSet(true, false)) {
                        poll();
                    }
                })
                .subscribe().with(done -> {
                }, failure -> Log.errorf("batch %s not answered: %s", batch.id(), failure.toString()));
    }
}
