package io.socialsync.responder.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class RecipientPacerTest {

    private static final Duration SPACING = Duration.ofMillis(200);
    /** How long each fake platform call takes. */
    private static final Duration CALL = Duration.ofMillis(50);

    @Test
    void messagesToOneRecipientAreSpacedAfterThePreviousAndOthersAreNotDelayed() {
        RecipientPacer pacer = new RecipientPacer();
        burst(pacer, "warm-up", new ConcurrentLinkedQueue<>()); // loads the classes: the measured run measures pacing
        ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
        List<Long> startedAt = burst(pacer, "measured", order);

        assertTrue(startedAt.get(0) < 40, "first message at once: " + startedAt.get(0));
        for (int i = 1; i < 3; i++) {
            long gap = startedAt.get(i) - startedAt.get(i - 1);
            assertTrue(gap >= 245 && gap < 400, "a call (50 ms) and the spacing (200 ms) apart: " + gap);
        }
        assertEquals(List.of("anna-0", "anna-1", "anna-2"), List.copyOf(order), "in the order asked");
        for (int i = 3; i < startedAt.size(); i++) {
            assertTrue(startedAt.get(i) < 40, "another recipient is not held back: " + startedAt.get(i));
        }
    }

    @Test
    void aFailedSendFreesTheTurn() {
        RecipientPacer pacer = new RecipientPacer();
        long start = System.nanoTime();
        CompletableFuture<Object> failed = pacer.paced("whatsapp:1:carl", SPACING,
                () -> Uni.createFrom().failure(new IllegalStateException("refused"))).subscribeAsCompletionStage();
        Long next = pacer.paced("whatsapp:1:carl", SPACING, () -> Uni.createFrom().item(elapsedMillis(start)))
                .await().atMost(Duration.ofSeconds(5));
        assertTrue(failed.isCompletedExceptionally());
        assertTrue(next >= 195 && next < 400, "the next message waits the spacing, not forever: " + next);
    }

    @Test
    void aRecipientQuietForLongerThanTheSpacingGoesAtOnce() throws InterruptedException {
        RecipientPacer pacer = new RecipientPacer();
        pacer.paced("instagram:1:bob", SPACING, () -> Uni.createFrom().item(1)).await().indefinitely();
        Thread.sleep(250);
        long start = System.nanoTime();
        pacer.paced("instagram:1:bob", SPACING, () -> Uni.createFrom().item(2)).await().indefinitely();
        assertTrue(elapsedMillis(start) < 50, "no wait after a quiet spell");
    }

    @Test
    void waitingHoldsNoThread() {
        RecipientPacer pacer = new RecipientPacer();
        int recipients = 2_000;
        List<CompletableFuture<Integer>> seconds = new ArrayList<>();
        int threadsBefore = Thread.activeCount();
        long start = System.nanoTime();
        for (int i = 0; i < recipients; i++) {
            // Two messages each: every second one waits one spacing after the first.
            pacer.paced("whatsapp:1:c" + i, SPACING, () -> Uni.createFrom().item(1)).subscribeAsCompletionStage();
            seconds.add(pacer.paced("whatsapp:1:c" + i, SPACING, () -> Uni.createFrom().item(2))
                    .subscribeAsCompletionStage());
        }
        int threadsWaiting = Thread.activeCount();
        CompletableFuture.allOf(seconds.toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.SECONDS).join();
        assertTrue(elapsedMillis(start) < 1_500, "2 000 waits overlap, they do not queue on threads");
        assertTrue(threadsWaiting < threadsBefore + 50, "no thread per waiting message: " + threadsWaiting);
        assertEquals(recipients, pacer.remembered());
    }

    /** Three messages to Anna, then one each to 50 other customers, all asked for at the same instant. */
    private static List<Long> burst(RecipientPacer pacer, String run, ConcurrentLinkedQueue<String> order) {
        long start = System.nanoTime();
        List<CompletableFuture<Long>> turns = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int part = i;
            turns.add(pacer.paced(run + ":anna", SPACING, () -> call(start, () -> order.add("anna-" + part)))
                    .subscribeAsCompletionStage());
        }
        for (int i = 0; i < 50; i++) {
            turns.add(pacer.paced(run + ":customer-" + i, SPACING, () -> call(start, () -> {
            })).subscribeAsCompletionStage());
        }
        CompletableFuture.allOf(turns.toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.SECONDS).join();
        return turns.stream().map(CompletableFuture::join).toList();
    }

    /** A fake platform call: notes when it started, answers after {@link #CALL}. */
    private static Uni<Long> call(long start, Runnable onStart) {
        long startedAt = elapsedMillis(start);
        onStart.run();
        return Uni.createFrom().item(startedAt).onItem().delayIt().by(CALL);
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
