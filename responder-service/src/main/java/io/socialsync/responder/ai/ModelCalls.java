package io.socialsync.responder.ai;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * The replies waiting for a remote model now ({@link AiProvider#remote()}). A batch waiting for the model costs
 * nothing but memory, so the claim loop does not count it among the batches it works on, and hears when one starts
 * waiting (room to claim another). The bound is soft: answers coming back may take the working batches past it for
 * a while, and the loop claims again once they are under it.
 */
@ApplicationScoped
public class ModelCalls {

    private final AtomicInteger waiting = new AtomicInteger();
    private final List<Runnable> onWaitStarted = new CopyOnWriteArrayList<>();

    /** The call, counted as waiting from its subscription to its end (item, failure or cancellation). */
    public <T> Uni<T> waitFor(Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            waiting.incrementAndGet();
            onWaitStarted.forEach(Runnable::run);
            return call.onTermination().invoke(waiting::decrementAndGet);
        });
    }

    public int waiting() {
        return waiting.get();
    }

    /** Runs {@code listener} each time a reply starts waiting for the model (on the reply's thread). */
    public void onWaitStarted(Runnable listener) {
        onWaitStarted.add(listener);
    }
}
