package io.socialsync.responder.ai;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A slow OpenAI-compatible LLM: it holds every chat call, without a thread, until {@link #hold(int) as many calls as
 * asked for} are held at once or a few seconds have passed, then answers them all. It counts the most calls it held
 * at once: how many calls the responder keeps in flight when the model is slow. (WireMock's delays hold a thread per
 * call and cannot wait for the others.)
 */
public class HeldLlm implements QuarkusTestResourceLifecycleManager {

    private static final byte[] COMPLETION = """
            {"choices":[{"message":{"role":"assistant","content":"{\\"reply\\": \\"Held, then answered.\\", \
            \\"confidence\\": 0.9}"}}],"usage":{"prompt_tokens":50,"completion_tokens":5}}"""
            .getBytes(StandardCharsets.UTF_8);
    private static final long LONGEST_HOLD_MILLIS = 8_000;

    private static final Object LOCK = new Object();
    private static final List<HttpExchange> HELD = new ArrayList<>();
    private static final AtomicInteger PEAK = new AtomicInteger();
    private static volatile int target = Integer.MAX_VALUE;
    private static volatile long holdingSince;
    private static HttpServer server;

    /** Holds calls until {@code calls} are held at once (or the longest hold passed); resets the peak. */
    public static void hold(int calls) {
        synchronized (LOCK) {
            target = calls;
            holdingSince = 0;
            PEAK.set(0);
        }
    }

    /** The most calls held at once since {@link #hold(int)}. */
    public static int peak() {
        return PEAK.get();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/chat/completions", HeldLlm::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        Thread releaser = new Thread(HeldLlm::releaseOverdue, "held-llm-release");
        releaser.setDaemon(true);
        releaser.start();
        return Map.of("socialsync.ai.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "socialsync.ai.api-key", "sk-test", "socialsync.ai.timeout", "20s");
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
        }
        List<HttpExchange> release = List.of();
        synchronized (LOCK) {
            HELD.add(exchange);
            PEAK.accumulateAndGet(HELD.size(), Math::max);
            if (holdingSince == 0) {
                holdingSince = System.currentTimeMillis();
            }
            if (HELD.size() >= target) {
                release = takeHeld();
            }
        }
        release.forEach(HeldLlm::answer);
    }

    private static void releaseOverdue() {
        while (true) {
            List<HttpExchange> release = List.of();
            synchronized (LOCK) {
                if (holdingSince != 0 && System.currentTimeMillis() - holdingSince > LONGEST_HOLD_MILLIS) {
                    release = takeHeld();
                }
            }
            release.forEach(HeldLlm::answer);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static List<HttpExchange> takeHeld() {
        List<HttpExchange> taken = new ArrayList<>(HELD);
        HELD.clear();
        holdingSince = 0;
        target = 1; // once released, later calls are answered at once
        return taken;
    }

    private static void answer(HttpExchange exchange) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            // The JDK server closes idle connections beyond a few hundred, racing the client's next request on them.
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(200, COMPLETION.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(COMPLETION);
            }
        } catch (IOException gone) {
            // the responder gave up on the call
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
