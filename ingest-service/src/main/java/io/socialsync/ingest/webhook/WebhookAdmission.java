package io.socialsync.ingest.webhook;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.config.IngestConfig;

/**
 * Bounds the deliveries being stored at once ({@code socialsync.webhook.max-in-flight}). Beyond it a delivery is
 * refused at once with {@link OverloadedException} (503, {@code Retry-After}): nothing of it is stored, and the platform
 * delivers it again later. Without the bound a burst larger than PostgreSQL and Redis can take queued without end
 * and ran the service out of heap (issue 19: 600 deliveries a second against a 256 MiB heap on 2 cores).
 */
@ApplicationScoped
public class WebhookAdmission {

    /** Refused for now: too many deliveries are being stored. */
    public static class OverloadedException extends RuntimeException {

        public OverloadedException(int limit) {
            super("more than " + limit + " deliveries in flight", null, false, false);
        }
    }

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;

    @Inject
    public WebhookAdmission(IngestConfig config) {
        this(config.webhook().maxInFlight());
    }

    WebhookAdmission(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Runs the delivery when there is room, counting it until it ends (answered, failed or cancelled). */
    public <T> Uni<T> admit(Supplier<Uni<T>> delivery) {
        return Uni.createFrom().deferred(() -> {
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                return Uni.createFrom().failure(new OverloadedException(maxInFlight));
            }
            Uni<T> admitted;
            try {
                admitted = delivery.get();
            } catch (RuntimeException e) {
                inFlight.decrementAndGet();
                throw e;
            }
            return admitted.onTermination().invoke(inFlight::decrementAndGet);
        });
    }

    /** Deliveries being stored now. */
    public int inFlight() {
        return inFlight.get();
    }
}
