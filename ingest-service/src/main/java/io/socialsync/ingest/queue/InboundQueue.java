package io.socialsync.ingest.queue;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.reactive.GroupedCalls;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.StreamFields;
import io.socialsync.model.UnifiedMessage;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Hands stored messages to the batcher through the inbound stream. Concurrent {@code XADD}s are sent as one
 * pipelined batch ({@link GroupedCalls}), so under load one round trip to Redis serves many webhooks; each caller
 * still gets its own entry id only once Redis has answered for it.
 */
@ApplicationScoped
public class InboundQueue {

    private final Redis redis;
    private final String maxLength;
    private final GroupedCalls<List<UnifiedMessage>, List<String>> grouped;

    public InboundQueue(Redis redis, IngestConfig config) {
        this.redis = redis;
        this.maxLength = Long.toString(config.stream().maxLength());
        this.grouped = new GroupedCalls<>(config.store().maxInFlight(), config.store().maxBatch(), this::xadd);
    }

    /**
     * Adds the messages in this order, in one pipeline: the messages of one call are never split between two
     * pipelines that could reach Redis in either order. @return their stream entry ids, in the same order
     */
    public Uni<List<String>> enqueueAll(List<UnifiedMessage> messages) {
        return grouped.call(messages);
    }

    /**
     * One entry: the message and, when it is traced, its trace context in a field of its own (the message's JSON stays
     * as it was, so that a batcher reads it whether tracing is on or off).
     */
    private Request entry(UnifiedMessage message) {
        Request request = Request.cmd(Command.XADD).arg(RedisKeys.INBOUND_STREAM).arg("MAXLEN").arg("~")
                .arg(maxLength).arg("*")
                .arg(StreamFields.SCHEMA_VERSION).arg(StreamFields.CURRENT_SCHEMA_VERSION);
        if (message.traceParent() != null) {
            request.arg(StreamFields.TRACE_PARENT).arg(message.traceParent());
            message = message.withTraceParent(null);
        }
        return request.arg(StreamFields.MESSAGE).arg(JsonCodec.encode(message));
    }

    private Uni<List<List<String>>> xadd(List<List<UnifiedMessage>> calls) {
        List<Request> requests = calls.stream().flatMap(List::stream).map(this::entry).toList();
        return redis.batch(requests).map(responses -> {
            List<List<String>> ids = new ArrayList<>(calls.size());
            int next = 0;
            for (List<UnifiedMessage> call : calls) {
                List<String> idsOfCall = new ArrayList<>(call.size());
                for (int i = 0; i < call.size(); i++) {
                    idsOfCall.add(responses.get(next++).toString());
                }
                ids.add(idsOfCall);
            }
            return ids;
        });
    }
}
