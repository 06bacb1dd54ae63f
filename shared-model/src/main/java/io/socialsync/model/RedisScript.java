package io.socialsync.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script shipped as a class-path resource, with the SHA-1 Redis knows it by. Callers run it with
 * {@code EVALSHA} and fall back to {@code EVAL} (which caches it again) when Redis answers {@code NOSCRIPT}, as it
 * does after a restart or failover: no start-up {@code SCRIPT LOAD} whose effect could silently be lost.
 */
public record RedisScript(String name, String source, String sha1) {

    /** Loads {@code /lua/<name>.lua} from the class path of {@code owner}. */
    public static RedisScript load(Class<?> owner, String name) {
        String path = "/lua/" + name + ".lua";
        try (InputStream in = owner.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + path);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new RedisScript(name, source, sha1(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the script: {@code EVALSHA}, and {@code EVAL} when Redis does not know it. Every key the script touches
     * must be in {@code keys} (Redis Cluster routes by them, and the scripts' headers list them).
     */
    public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        return redis.execute("EVALSHA", evalShaArguments(keys, args))
                .onFailure(RedisScript::isNoScript)
                .recoverWithUni(() -> redis.execute("EVAL", evalArguments(keys, args)));
    }

    /** Arguments of {@code EVALSHA}: the SHA-1, the number of keys, the keys, the other arguments. */
    public String[] evalShaArguments(List<String> keys, List<String> args) {
        return arguments(sha1, keys, args);
    }

    /** Arguments of {@code EVAL}, for when Redis does not know the script yet. */
    public String[] evalArguments(List<String> keys, List<String> args) {
        return arguments(source, keys, args);
    }

    private static String[] arguments(String script, List<String> keys, List<String> args) {
        String[] all = new String[2 + keys.size() + args.size()];
        all[0] = script;
        all[1] = String.valueOf(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            all[2 + i] = keys.get(i);
        }
        for (int i = 0; i < args.size(); i++) {
            all[2 + keys.size() + i] = args.get(i);
        }
        return all;
    }

    /** Whether a Redis error means the script is not in the server's cache. */
    public static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
