package io.socialsync.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

/**
 * Concurrent writes grouped into one round trip and one commit ({@link GroupedCalls}), where each caller's write must
 * stand on its own: when PostgreSQL refuses the group (one write broke a constraint, a deadlock), nothing of it was
 * committed, so each write is tried again alone and only the one PostgreSQL refuses again fails, for its own caller.
 * When the group's fate is unknown (the connection broke), every caller fails, as a lone write would.
 *
 * @param <I> one caller's write
 * @param <O> what it returns; the group function answers one per write, in order
 */
public final class GroupedWrites<I, O> {

    /** What became of one write. */
    private record Outcome<O>(O result, Throwable failure) {
    }

    private final GroupedCalls<I, Outcome<O>> groups;

    /**
     * @param maxInFlight groups committing at once
     * @param maxGroup writes in one group at most
     * @param write commits the writes it is given together
     * @param groupSize told the size of each group as it starts (a metric)
     */
    public GroupedWrites(int maxInFlight, int maxGroup, Function<List<I>, Uni<List<O>>> write, IntConsumer groupSize) {
        this.groups = new GroupedCalls<>(maxInFlight, maxGroup, inputs -> {
            groupSize.accept(inputs.size());
            Uni<List<Outcome<O>>> together = write.apply(inputs)
                    .map(results -> results.stream().map(result -> new Outcome<O>(result, null)).toList());
            return inputs.size() == 1
                    ? together
                    : together.onFailure(PgException.class).recoverWithUni(refused -> alone(write, inputs));
        });
    }

    /** Writes {@code input} with those waiting beside it; answers once their group has committed. */
    public Uni<O> call(I input) {
        return groups.call(input).flatMap(outcome -> outcome.failure() == null
                ? Uni.createFrom().item(outcome.result())
                : Uni.createFrom().failure(outcome.failure()));
    }

    private static <I, O> Uni<List<Outcome<O>>> alone(Function<List<I>, Uni<List<O>>> write, List<I> inputs) {
        List<Uni<Outcome<O>>> each = new ArrayList<>(inputs.size());
        for (I input : inputs) {
            each.add(Uni.createFrom().deferred(() -> write.apply(List.of(input)))
                    .map(results -> new Outcome<O>(results.get(0), null))
                    .onFailure().recoverWithItem(failure -> new Outcome<O>(null, failure)));
        }
        return Uni.join().all(each).andFailFast();
    }
}
