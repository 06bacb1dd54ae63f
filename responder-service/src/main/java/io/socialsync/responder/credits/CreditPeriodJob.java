package io.socialsync.responder.credits;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Grants each tenant its plan's credits once per billing period. Runs on every replica without a lock: the grant
 * itself is once per (tenant, period), so a second replica's run finds nothing to do. Also keeps the gauges of tenants
 * below their low-balance threshold and of the credits left.
 */
@ApplicationScoped
public class CreditPeriodJob {

    private final Credits credits;
    private final CreditsConfig config;
    private final Vertx vertx;
    private final AtomicLong lowBalance = new AtomicLong();
    private final AtomicLong balance = new AtomicLong();
    private long timer = -1;

    public CreditPeriodJob(Credits credits, CreditsConfig config, Vertx vertx, MeterRegistry registry) {
        this.credits = credits;
        this.config = config;
        this.vertx = vertx;
        Gauge.builder("socialsync.tenants.low.balance", lowBalance, AtomicLong::get)
                .description("Tenants whose credit balance is below their low-balance threshold").register(registry);
        Gauge.builder("socialsync.credits.balance", balance, AtomicLong::get)
                .description("Credits left, all tenants together").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.grantsEnabled()) {
            // At start too: a new period, or a tenant created by ingest's bootstrap, need not wait an interval.
            vertx.setTimer(1, id -> tick());
            timer = vertx.setPeriodic(config.grantInterval().toMillis(), id -> tick());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        run().subscribe().with(granted -> {
            if (granted > 0) {
                Log.infof("granted billing period %s to %d tenants", credits.currentPeriod().key(), granted);
            }
        }, failure -> Log.warnf("credit grants failed, next in %s: %s", config.grantInterval(), failure.toString()));
    }

    /** One run: the due grants, then the low-balance and balance gauges. */
    public Uni<Integer> run() {
        return credits.grantDue()
                .call(granted -> credits.lowBalanceTenants().invoke(lowBalance::set))
                .call(granted -> credits.totalBalance().invoke(balance::set));
    }
}
