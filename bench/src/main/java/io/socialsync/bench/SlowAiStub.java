package io.socialsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible {@code /v1/chat/completions} endpoint that answers every call after a set delay, holding
 * the exchange without a thread meanwhile, and counts how many calls it holds at once: what a slow model looks like
 * to the responder.
 */
final class SlowAiStub implements AutoCloseable {

    private static final byte[] COMPLETION = """
            {"id":"bench","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop","message":\
            {"role":"assistant","content":"{\\"reply\\": \\"We are open from 9 to 18, Monday to Saturday.\\", \
            \\"confidence\\": 0.9, \\"needs_human\\": false}"}}],\
            "usage":{"prompt_tokens":120,"completion_tokens":20,"total_tokens":140}}"""
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
    private final AtomicLong delayMillis = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();

    private SlowAiStub(HttpServer server) {
        this.server = server;
    }

    static SlowAiStub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
        SlowAiStub stub = new SlowAiStub(server);
        server.createContext("/v1/chat/completions", stub::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return stub;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    void delay(long millis) {
        delayMillis.set(millis);
    }

    /** The most calls held at once since the last reset, and resets it. */
    int takePeakInFlight() {
        return peakInFlight.getAndSet(inFlight.get());
    }

    long calls() {
        return calls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
        }
        calls.incrementAndGet();
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        answers.schedule(() -> answer(exchange), delayMillis.get(), TimeUnit.MILLISECONDS);
    }

    private void answer(HttpExchange exchange) {
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            // The JDK server closes idle connections beyond a few hundred, racing the client's next request on them.
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(200, COMPLETION.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(COMPLETION);
            }
        } catch (IOException gone) {
            // the responder gave up on the call (its timeout): nothing to answer
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        answers.shutdownNow();
    }
}
