package io.socialsync.ingest.queue;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.StreamFields;
import io.socialsync.model.UnifiedMessage;

/** Hands stored messages to the batcher through the inbound stream. */
@ApplicationScoped
public class InboundQueue {

    private final ReactiveStreamCommands<String, String, String> streams;
    private final long maxLength;

    public InboundQueue(ReactiveRedisDataSource redis, IngestConfig config) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.maxLength = config.stream().maxLength();
    }

    /** @return the stream entry id */
    public Uni<String> enqueue(UnifiedMessage message) {
        return streams.xadd(RedisKeys.INBOUND_STREAM,
                new XAddArgs().maxlen(maxLength).nearlyExactTrimming(),
                Map.of(StreamFields.SCHEMA_VERSION, StreamFields.CURRENT_SCHEMA_VERSION,
                        StreamFields.MESSAGE, JsonCodec.encode(message)));
    }
}
