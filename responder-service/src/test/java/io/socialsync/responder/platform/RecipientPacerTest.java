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

    @Test
    void messagesToOneRecipientAreSpacedAndOthersAreNotDelayed() {
        RecipientPacer pacer = new RecipientPacer();
        burst(pacer, "warm-up"); // loads the classes, so that the measured run measures the pacing only
        List<String> order = new ArrayList<>();
        List<Long> at = burst(pacer, "measured", order);

        assertTrue(at.get(0) < 50, "first message at once: " + at.get(0));
        assertTrue(at.get(1) >= 195 && at.get(1) < 350, "second after one spacing: " + at.get(1));
        assertTrue(at.get(2) >= 395 && at.get(2) < 550, "third after two: " + at.get(2));
        assertEquals(List.of("anna-0", "anna-1", "anna-2"), order, "in the order asked");
        for (int i = 3; i < at.size(); i++) {
            assertTrue(at.get(i) < 50, "another recipient is not held back: " + at.get(i));
        }
    }

    private static List<Long> burst(RecipientPacer pacer, String run) {
        return burst(pacer, run, new ArrayList<>());
    }

    /** Three messages to Anna, then one each to 50 other customers, all asked for at the same instant. */
    private static List<Long> burst(RecipientPacer pacer, String run, List<String> order) {
        long start = System.nanoTime();
        ConcurrentLinkedQueue<String> arrived = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Long>> turns = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int part = i;
            turns.add(pacer.awaitTurn(run + ":anna", SPACING).invoke(() -> arrived.add("anna-" + part))
                    .map(turn -> elapsedMillis(start)).subscribeAsCompletionStage());
        }
        for (int i = 0; i < 50; i++) {
            turns.add(pacer.awaitTurn(run + ":customer-" + i, SPACING).map(turn -> elapsedMillis(start))
                    .subscribeAsCompletionStage());
        }
        CompletableFuture.allOf(turns.toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.SECONDS).join();
        order.addAll(arrived);
        return turns.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void aRecipientQuietForLongerThanTheSpacingGoesAtOnce() throws InterruptedException {
        RecipientPacer pacer = new RecipientPacer();
        pacer.awaitTurn("instagram:1:bob", SPACING).await().indefinitely();
        Thread.sleep(250);
        long start = System.nanoTime();
        pacer.awaitTurn("instagram:1:bob", SPACING).await().indefinitely();
        assertTrue(elapsedMillis(start) < 50, "no wait after a quiet spell");
    }

    @Test
    void waitingHoldsNoThread() {
        RecipientPacer pacer = new RecipientPacer();
        int waiting = 2_000;
        List<Uni<Void>> turns = new ArrayList<>();
        for (int i = 0; i < waiting; i++) {
            // Two messages each: the second of every recipient waits one spacing.
            pacer.awaitTurn("whatsapp:1:c" + i, SPACING).await().indefinitely();
            turns.add(pacer.awaitTurn("whatsapp:1:c" + i, SPACING));
        }
        int threadsBefore = Thread.activeCount();
        long start = System.nanoTime();
        Uni.join().all(turns).andFailFast().await().atMost(Duration.ofSeconds(5));
        assertTrue(elapsedMillis(start) < 1_000, "2 000 waits overlap, they do not queue on threads");
        assertTrue(Thread.activeCount() < threadsBefore + 100, "no thread per waiting message");
        assertEquals(waiting, pacer.remembered());
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
