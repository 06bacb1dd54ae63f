package io.socialsync.responder.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.socialsync.responder.ai.ModelCalls;
import io.socialsync.responder.config.ResponderConfig;
import io.socialsync.responder.reply.ReplyOutcome;
import io.socialsync.responder.reply.ReplyService;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;

/**
 * Wakes at the earliest deadline (capped by {@code max-idle}) instead of polling on a fixed beat, claims every due
 * batch (as many per round trip as are due and fit), and answers up to {@code concurrency} batches at once without
 * holding a thread for any of them, of which at most {@code max-working} not waiting for the model. It alone
 * ends a batch from the reply's outcome: completed, rechecked later (a send waiting for its confirmation), retried
 * after a backoff, dead-lettered after {@code max-attempts}. It renews the leases of the batches it works on; expired
 * leases (a replica that died) are swept back. On shutdown it stops claiming, lets batches in flight finish within {@code shutdown-grace},
 * and hands the rest back to {@code conv:deadlines}.
 */
@ApplicationScoped
public class ClaimLoop {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final long SHUTDOWN_POLL_MILLIS = 50;

    private final BatchClaimer claimer;
    private final ReplyService replies;
    private final DeadLetters deadLetters;
    private final BatchObservation observation;
    private final Vertx vertx;
    private final ReplyContexts replyContexts;
    /** The loop's own context: every change of the loop's state (claiming, sleeping, capacity) runs there. */
    private volatile Executor loopContext;
    private final ResponderConfig.Claim config;
    private final Duration replyBudget;
    private final long maxIdleMillis;
    private final int concurrency;
    private final int maxWorking;
    private final ModelCalls modelCalls;
    private final Map<UUID, InFlight> inFlight = new ConcurrentHashMap<>();
    /** Set when the loop stopped claiming for want of room ({@code concurrency} or {@code max-working}). */
    private final AtomicBoolean waitingForCapacity = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile long failureBackoffMillis = FIRST_BACKOFF.toMillis();
    private volatile long sweepTimer = -1;
    private volatile long renewTimer = -1;
    /** The loop's sleep until the next deadline, or -1 while it claims. */
    private final AtomicLong sleeping = new AtomicLong(-1);

    /** A batch being answered, and when its lease was last taken or renewed ({@link System#nanoTime()}). */
    private record InFlight(ClaimedBatch batch, AtomicReference<Cancellable> answer, AtomicLong leasedAt) {
    }

    public ClaimLoop(BatchClaimer claimer, ReplyService replies, DeadLetters deadLetters, Vertx vertx,
            ReplyContexts replyContexts, BatchObservation observation, ModelCalls modelCalls, ResponderConfig config) {
        this.claimer = claimer;
        this.replies = replies;
        this.deadLetters = deadLetters;
        this.observation = observation;
        this.vertx = vertx;
        this.replyContexts = replyContexts;
        this.config = config.claim();
        this.replyBudget = config.reply().budget();
        this.maxIdleMillis = config.claim().maxIdle().toMillis();
        this.concurrency = config.claim().concurrency();
        this.maxWorking = Math.min(config.claim().maxWorking(), concurrency);
        this.modelCalls = modelCalls;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            Log.warn("claiming is switched off (socialsync.claim.enabled=false)");
            return;
        }
        if (config.lease().compareTo(replyBudget) <= 0) {
            Log.warnf("socialsync.claim.lease %s is not longer than the reply budget %s: leases are renewed every %s",
                    config.lease(), replyBudget, config.lease().dividedBy(3));
        }
        Log.infof("claiming due batches, up to %d at once (%d not waiting for the model), lease %s, %d attempts",
                concurrency, maxWorking, config.lease(), config.maxAttempts());
        replyContexts.start(Runtime.getRuntime().availableProcessors());
        Context context = vertx.getDelegate().getOrCreateContext();
        loopContext = task -> context.runOnContext(ignored -> task.run());
        loopContext.execute(this::poll);
        // A batch that starts waiting for the model makes room among those worked on.
        modelCalls.onWaitStarted(() -> {
            if (waitingForCapacity.compareAndSet(true, false)) {
                loopContext.execute(this::poll);
            }
        });
        sweepTimer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> sweep());
        renewTimer = vertx.setPeriodic(Math.max(1, config.lease().toMillis() / 3), id -> renewLeases());
    }

    /**
     * Graceful shutdown (runs on the main thread, which may block): claim nothing new, give the batches in flight
     * {@code shutdown-grace} to finish, then hand the others back so another replica answers them at once instead
     * of after their lease.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        if (renewTimer >= 0) {
            vertx.cancelTimer(renewTimer);
        }
        long giveUp = System.nanoTime() + config.shutdownGrace().toNanos();
        if (!inFlight.isEmpty()) {
            Log.infof("stopping: waiting up to %s for %d batches in flight", config.shutdownGrace(), inFlight.size());
        }
        while (!inFlight.isEmpty() && System.nanoTime() < giveUp) {
            try {
                Thread.sleep(SHUTDOWN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (InFlight left : inFlight.values()) {
            Cancellable answer = left.answer().get();
            if (answer != null) {
                answer.cancel();
            }
            try {
                claimer.release(left.batch()).await().atMost(Duration.ofSeconds(2));
                Log.infof("stopping: batch %s handed back", left.batch().id());
            } catch (RuntimeException e) {
                Log.warnf("stopping: batch %s keeps its lease until it expires: %s", left.batch().id(), e.toString());
            }
        }
        inFlight.clear();
    }

    /** Batches being answered now. */
    public int inFlight() {
        return inFlight.size();
    }

    private void poll() {
        if (stopping) {
            return;
        }
        int room = room();
        if (room <= 0) {
            waitingForCapacity.set(true);
            // A call that started waiting between the count and the flag: look again rather than miss its wake-up.
            if (room() > 0 && waitingForCapacity.compareAndSet(true, false)) {
                loopContext.execute(this::poll);
            }
            return;
        }
        Instant claimStarted = Instant.now();
        claimer.claimDue(room).subscribe().with(result -> onClaim(result, claimStarted),
                failure -> {
                    // Redis down or restarting: back off (doubling up to 5 s) and try again; readiness reports it meanwhile.
                    long wait = failureBackoffMillis;
                    failureBackoffMillis = Math.min(wait * 2, MAX_BACKOFF.toMillis());
                    Log.warnf("claiming failed, retrying in %d ms: %s", wait, failure.toString());
                    vertx.setTimer(wait, id -> poll());
                });
    }

    /** How many more batches to claim: within {@code concurrency}, and within {@code max-working} of those working. */
    private int room() {
        int held = inFlight.size();
        int working = Math.max(0, held - modelCalls.waiting());
        return Math.min(concurrency - held, maxWorking - working);
    }

    private void onClaim(ClaimResult result, Instant claimStarted) {
        failureBackoffMillis = FIRST_BACKOFF.toMillis();
        if (!result.batches().isEmpty()) {
            result.batches().forEach(batch -> answer(batch, claimStarted));
            poll();
            return;
        }
        long untilNext = result.nextDeadline().isPresent()
                ? result.nextDeadline().getAsLong() - result.now()
                : maxIdleMillis;
        if (untilNext <= 0) {
            loopContext.execute(this::poll);
            return;
        }
        sleeping.set(vertx.setTimer(Math.min(untilNext, maxIdleMillis), id -> {
            sleeping.compareAndSet(id, -1);
            poll();
        }));
    }

    /**
     * Ending a batch can make something due at once (a window deferred behind it, a superseded batch): cut the
     * sleep short instead of waiting up to {@code max-idle}. Only a sleep that was really cancelled resumes the
     * loop, so there is never a second loop.
     */
    private void wakeUp() {
        long timer = sleeping.getAndSet(-1);
        if (timer >= 0 && vertx.cancelTimer(timer)) {
            poll();
        }
    }

    /** Answers the batch on a context of its own (its log fields and span: {@link BatchObservation}). */
    private void answer(ClaimedBatch batch, Instant claimStarted) {
        AtomicReference<Cancellable> subscription = new AtomicReference<>();
        inFlight.put(batch.id(), new InFlight(batch, subscription, new AtomicLong(System.nanoTime())));
        // Replies run on all event loops (ReplyContexts), each batch on a context of its own there (its log fields
        // and span); the loop's own state changes on its context only.
        observation.onOwnContext(batch, claimStarted, replyContexts.nextExecutor(),
                ended -> subscription.set(replies.answer(batch)
                        .flatMap(outcome -> settle(batch, outcome))
                        .onFailure().recoverWithUni(failure -> retry(batch, failure.getClass().getSimpleName(),
                                failure.toString()))
                        .onTermination().invoke(() -> {
                            ended.run();
                            loopContext.execute(() -> {
                                inFlight.remove(batch.id());
                                if (waitingForCapacity.compareAndSet(true, false)) {
                                    poll();
                                } else if (!stopping) {
                                    wakeUp();
                                }
                            });
                        })
                        .subscribe().with(done -> {
                        }, failure -> Log.errorf("batch %s not answered and not retried: %s", batch.id(),
                                failure.toString()))));
    }

    /** The one place where a batch's outcome becomes its next step in Redis. */
    private Uni<Void> settle(ClaimedBatch batch, ReplyOutcome outcome) {
        Uni<FinishResult> step;
        if (outcome instanceof ReplyOutcome.Completed) {
            step = claimer.complete(batch);
        } else if (outcome instanceof ReplyOutcome.Recheck recheck) {
            step = claimer.recheck(batch, recheck.after());
        } else if (outcome instanceof ReplyOutcome.Retry retry) {
            return retry(batch, retry.tag(), retry.reason());
        } else if (outcome instanceof ReplyOutcome.DeadLetter dead) {
            return claimer.deadLetter(batch, dead.tag())
                    .flatMap(result -> result.is(FinishResult.Outcome.DEAD_LETTERED)
                            ? deadLetters.recordDead(result, dead.tag())
                            : Uni.createFrom().voidItem());
        } else {
            return Uni.createFrom().voidItem();
        }
        return step.invoke(result -> {
            if (result.is(FinishResult.Outcome.NOT_LEASED)) {
                // Fencing: the lease expired and another claim owns the batch now; its owner ends it.
                Log.warnf("batch %s (%s) was no longer this replica's to end", batch.id(), outcome.tag());
            }
        }).replaceWithVoid();
    }

    /** A failed attempt: the batch is tried again after the backoff, or goes to the dead letter. */
    private Uni<Void> retry(ClaimedBatch batch, String reason, String detail) {
        return claimer.retry(batch, reason).flatMap(result -> {
            if (result.is(FinishResult.Outcome.DEAD_LETTERED)) {
                return deadLetters.recordDead(result, reason);
            }
            if (result.is(FinishResult.Outcome.DONE)) {
                Log.warnf("batch %s attempt %d failed, tried again in %s: %s", batch.id(), batch.attempts() + 1,
                        config.retryBackoff(), detail);
            }
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * A send may outlast the lease (slow platform, pacing): the owner renews every batch it still works on whose
     * lease is a third used, so thousands of batches waiting a few seconds for a slow model cost no Redis calls.
     */
    private void renewLeases() {
        long now = System.nanoTime();
        long renewAfter = config.lease().toNanos() / 3;
        for (InFlight working : inFlight.values()) {
            long leasedAt = working.leasedAt().get();
            if (now - leasedAt < renewAfter || !working.leasedAt().compareAndSet(leasedAt, now)) {
                continue;
            }
            claimer.renew(working.batch()).subscribe().with(result -> {
            }, failure -> Log.warnf("lease of batch %s not renewed: %s", working.batch().id(), failure.toString()));
        }
    }

    private void sweep() {
        claimer.sweepExpiredLeases()
                .flatMap(results -> results.isEmpty()
                        ? Uni.createFrom().item(0)
                        : Uni.join().all(results.stream()
                                .map(result -> result.is(FinishResult.Outcome.DEAD_LETTERED)
                                        ? deadLetters.recordDead(result, "lease_expired")
                                        : Uni.createFrom().voidItem())
                                .toList()).andCollectFailures()
                                .replaceWith(results.size())
                                .onItem().ifNull().continueWith(0))
                .subscribe().with(swept -> {
                    if (swept > 0) {
                        Log.warnf("%d batches with an expired lease taken back", swept);
                    }
                }, failure -> Log.warnf("lease sweep failed, next in %s: %s", config.sweepInterval(),
                        failure.toString()));
    }
}
