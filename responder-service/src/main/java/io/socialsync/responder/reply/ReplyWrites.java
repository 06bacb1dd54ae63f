package io.socialsync.responder.reply;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.socialsync.reactive.SharedCommits;
import io.socialsync.responder.config.ResponderConfig;
import io.vertx.mutiny.sqlclient.Pool;

/** The replies' writes, committed together under load ({@code socialsync.store.*}). */
public class ReplyWrites {

    @Produces
    @Singleton
    SharedCommits replyCommits(Pool pool, ResponderConfig config, MeterRegistry registry) {
        DistributionSummary groupSize = DistributionSummary.builder("socialsync.reply.writes.group.size")
                .description("Reply writes committed in one transaction").register(registry);
        return new SharedCommits(pool, config.store().maxInFlight(), config.store().maxBatch(), groupSize::record);
    }
}
