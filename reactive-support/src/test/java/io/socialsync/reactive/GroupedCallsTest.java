package io.socialsync.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

class GroupedCallsTest {

    /** Groups the test completes by hand, so that calls pile up behind a busy one. */
    private final List<List<Integer>> groups = new CopyOnWriteArrayList<>();
    private final List<UniEmitter<? super List<String>>> running = new CopyOnWriteArrayList<>();

    private GroupedCalls<Integer, String> grouped(int maxInFlight, int maxGroup) {
        return new GroupedCalls<>(maxInFlight, maxGroup, inputs -> Uni.createFrom().emitter(emitter -> {
            groups.add(inputs);
            running.add(emitter);
        }));
    }

    private void finish(int group) {
        running.get(group).complete(groups.get(group).stream().map(input -> "answer " + input).toList());
    }

    @Test
    void aLoneCallWaitsForNobodyAndCallsArrivingMeanwhileShareTheNextGroup() {
        GroupedCalls<Integer, String> calls = grouped(1, 10);
        List<String> answers = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.call(i).subscribe().with(answers::add);
        }
        assertEquals(List.of(List.of(0)), groups, "the first call runs at once, alone");
        finish(0);
        assertEquals(List.of(List.of(0), List.of(1, 2, 3, 4)), groups, "the four that waited go as one group");
        finish(1);
        assertEquals(List.of("answer 0", "answer 1", "answer 2", "answer 3", "answer 4"), answers,
                "each caller gets the answer to its own input");
    }

    @Test
    void groupsAreBoundedInSizeAndInNumberRunningAtOnce() {
        GroupedCalls<Integer, String> calls = grouped(2, 3);
        List<String> answers = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 9; i++) {
            calls.call(i).subscribe().with(answers::add);
        }
        assertEquals(2, groups.size(), "no more than two groups run at once");
        finish(0);
        finish(1);
        assertTrue(groups.stream().allMatch(group -> group.size() <= 3), "no group holds more than three: " + groups);
        for (int i = 2; i < groups.size(); i++) {
            finish(i);
        }
        assertEquals(9, answers.size());
    }

    @Test
    void aFailedGroupFailsEachOfItsCallersAndTheNextGroupStillRuns() {
        GroupedCalls<Integer, String> calls = grouped(1, 10);
        List<Throwable> failures = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        calls.call(1).subscribe().with(answers::add, failures::add);
        calls.call(2).subscribe().with(answers::add, failures::add);
        calls.call(3).subscribe().with(answers::add, failures::add);
        running.get(0).fail(new IllegalStateException("connection closed"));
        running.get(1).fail(new IllegalStateException("connection closed"));
        assertEquals(3, failures.size(), "every caller of a failed group hears of it");
        calls.call(4).subscribe().with(answers::add, failures::add);
        finish(2);
        assertEquals(List.of("answer 4"), answers);
    }

    @Test
    void aGroupFunctionThatThrowsFailsItsCallersInsteadOfLosingThem() {
        GroupedCalls<Integer, String> calls = new GroupedCalls<>(1, 10, inputs -> {
            throw new IllegalArgumentException("bad group");
        });
        for (int i = 0; i < 2; i++) {
            assertEquals("bad group", calls.call(i).onFailure().recoverWithItem(Throwable::getMessage)
                    .await().atMost(Duration.ofSeconds(1)), "and the slot it took is free again");
        }
    }
}
