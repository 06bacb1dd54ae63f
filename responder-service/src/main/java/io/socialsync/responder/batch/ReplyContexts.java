package io.socialsync.responder.batch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.mutiny.core.Vertx;

/**
 * Event-loop contexts the replies are spread over, one per core: a reply's I/O completes on the context that started
 * it, so replies started from the claim loop's own context all ran on one event loop and one core. Each context is
 * an instance of a verticle that does nothing but own it (Vert.x gives each instance its own event loop, round
 * robin).
 */
@ApplicationScoped
public class ReplyContexts {

    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final List<Context> contexts = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    public ReplyContexts(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Creates {@code count} contexts; blocks (start-up only). */
    void start(int count) {
        if (!contexts.isEmpty()) {
            return;
        }
        try {
            vertx.getDelegate().deployVerticle(() -> new AbstractVerticle() {
                @Override
                public void start() {
                    contexts.add(context);
                }
            }, new DeploymentOptions().setInstances(Math.max(1, count))).toCompletionStage().toCompletableFuture()
                    .get(DEPLOY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("reply contexts not created", e);
        }
    }

    /** Runs each task given to it on the next context, round robin. */
    Executor nextExecutor() {
        Context context = contexts.get(Math.floorMod(next.getAndIncrement(), contexts.size()));
        return task -> context.runOnContext(ignored -> task.run());
    }
}
