package io.socialsync.batcher.window;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.socialsync.batcher.config.BatcherConfig;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.RedisScript;
import io.socialsync.model.UnifiedMessage;

/** The conversation windows in Redis. Only the batcher writes them (DESIGN §3). */
@ApplicationScoped
public class WindowStore {

    private static final RedisScript WINDOW = RedisScript.load(WindowStore.class, "window");

    private final ReactiveRedisDataSource redis;
    private final BatcherConfig.Batch config;

    public WindowStore(ReactiveRedisDataSource redis, BatcherConfig config) {
        this.redis = redis;
        this.config = config.batch();
    }

    /** Puts the message into its conversation's window, once, and moves the window's deadline. */
    public Uni<WindowUpdate> add(UnifiedMessage message) {
        String conversation = message.conversationKey();
        List<String> keys = List.of(conversation, RedisKeys.DEADLINES, RedisKeys.windowOpened(conversation),
                RedisKeys.windowed(message.id()));
        List<String> args = List.of(JsonCodec.encode(message), millis(config.windowFor(message.platform())),
                millis(config.maxWaitFor(message.platform())), millis(config.ttl()));
        return WINDOW.run(redis, keys, args).map(response -> new WindowUpdate(conversation,
                response.get(0).toLong(), response.get(1).toLong()));
    }

    private static String millis(Duration duration) {
        return String.valueOf(duration.toMillis());
    }
}
