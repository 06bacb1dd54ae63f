package io.socialsync.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Groups concurrent calls into one round trip (group commit). Up to {@code maxInFlight} groups run at once; a call
 * that arrives while all are busy waits in a queue, and the next free slot takes everything queued (up to
 * {@code maxGroup}) as one group. A lone call therefore waits for nobody, and under load one round trip serves
 * many callers. Each caller is answered, on the Vert.x context it called from, only when its group has finished.
 *
 * @param <I> one call's input
 * @param <O> one call's result; the group function answers one per input, in input order
 */
public final class GroupedCalls<I, O> {

    private final int maxInFlight;
    private final int maxGroup;
    private final Function<List<I>, Uni<List<O>>> group;
    private final ConcurrentLinkedQueue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    public GroupedCalls(int maxInFlight, int maxGroup, Function<List<I>, Uni<List<O>>> group) {
        this.maxInFlight = Math.max(1, maxInFlight);
        this.maxGroup = Math.max(1, maxGroup);
        this.group = group;
    }

    public Uni<O> call(I input) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Pending<>(input, emitter, Vertx.currentContext()));
            drain();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int running = inFlight.get();
            if (running >= maxInFlight) {
                // A running group drains again when it finishes.
                return;
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Pending<I, O>> pending = new ArrayList<>();
            Pending<I, O> next;
            while (pending.size() < maxGroup && (next = queue.poll()) != null) {
                pending.add(next);
            }
            if (pending.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            Uni<List<O>> results;
            try {
                results = group.apply(pending.stream().map(Pending::input).toList());
            } catch (RuntimeException e) {
                results = Uni.createFrom().failure(e);
            }
            results.subscribe().with(outputs -> {
                inFlight.decrementAndGet();
                for (int i = 0; i < pending.size(); i++) {
                    pending.get(i).complete(outputs.get(i));
                }
                drain();
            }, failure -> {
                inFlight.decrementAndGet();
                pending.forEach(call -> call.fail(failure));
                drain();
            });
        }
    }

    private record Pending<I, O>(I input, UniEmitter<? super O> emitter, Context context) {

        void complete(O output) {
            if (context == null) {
                emitter.complete(output);
            } else {
                context.runOnContext(ignored -> emitter.complete(output));
            }
        }

        void fail(Throwable failure) {
            if (context == null) {
                emitter.fail(failure);
            } else {
                context.runOnContext(ignored -> emitter.fail(failure));
            }
        }
    }
}
