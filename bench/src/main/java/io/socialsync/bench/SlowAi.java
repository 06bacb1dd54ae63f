package io.socialsync.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.socialsync.local.KnowledgeSeed;
import io.socialsync.local.RunningStack;
import io.socialsync.local.ServiceProcess;
import io.socialsync.local.StackLayout;
import io.socialsync.model.HubSignature;

/**
 * A slow model must not slow anyone else down: the whole pipeline with an OpenAI-compatible stub that answers every
 * call after a delay (5 s). The same offered rate runs twice, first with the stub answering slowly, then at once;
 * it prints the most AI calls the responder held at once (goal ≥ 1 000 per replica), and the batches' lateness (claim
 * time minus deadline) of both runs, which a responder that runs out of room for calls in flight would raise.
 * <p>
 * {@code bench/slow-ai.sh [conversations/s (250)] [seconds (20)] [delay ms (5000)]}; see bench/README.md.
 */
public final class SlowAi {

    private static final long GOAL_IN_FLIGHT = 1_000;

    private SlowAi() {
    }

    private record Run(String name, int conversations, int replies, int peakInFlight, long latenessP50,
            long latenessP99, long e2eP50, long e2eP99) {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        Duration length = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 20);
        long delay = args.length > 2 ? Long.parseLong(args[2]) : 5_000;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        int status;
        try (SlowAiStub ai = SlowAiStub.start()) {
            System.out.println(
                    "Starting PostgreSQL, Redis, the three services, the Graph API sandbox and the AI stub...");
            RunningStack stack = new RunningStack(StackLayout.locate(), RunningStack.Ports.free(), quiet)
                    .withEnvironment(Map.of("SOCIALSYNC_AI_BASE_URL", ai.baseUrl(), "SOCIALSYNC_AI_API_KEY",
                            "bench-key", "SOCIALSYNC_AI_TIMEOUT", (delay + 10_000) + "ms"));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "benchmark-stop"));
            try {
                stack.start();
                KnowledgeSeed.seedSample(stack.postgres());
                status = run(stack, ai, rate, length, delay) ? 0 : 1;
            } finally {
                stack.close();
            }
        }
        System.exit(status);
    }

    private static boolean run(RunningStack stack, SlowAiStub ai, int rate, Duration length, long delay)
            throws Exception {
        ReplyThroughput.fundTenants(stack);
        Duration window = stack.settings().window();
        Map<String, Long> lastSent = new ConcurrentHashMap<>();
        Map<String, Long> e2e = new ConcurrentHashMap<>();
        AtomicInteger replies = new AtomicInteger();
        ReplyThroughput.countReplies(stack, lastSent, e2e, replies, new AtomicLong(), new AtomicLong());
        ServiceProcess responder = ReplyThroughput.service(stack, StackLayout.RESPONDER);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HubSignature.Signer signer = HubSignature.signer(stack.settings().webhookSecret());
        URI webhook = stack.ingest().url();

        // Warm-up, uncounted (the JIT compiles the hot paths), then the slow model, then the instant one: the
        // comparison favours the instant run, which finds the services the warmest.
        ai.delay(0);
        int warmUp = ReplyThroughput.offer(http, webhook, signer, stack, Math.min(rate, 100), Duration.ofSeconds(20),
                "w", lastSent);
        ReplyThroughput.awaitReplies(replies, warmUp, Duration.ofSeconds(90));
        Thread.sleep(window.toMillis() + 3_000);

        Run slow = measure("AI answering after " + delay + " ms", delay, stack, ai, responder, http, webhook, signer,
                rate, length, window, lastSent, e2e, replies);
        Run instant = measure("instant AI", 0, stack, ai, responder, http, webhook, signer, rate, length, window,
                lastSent, e2e, replies);

        System.out.printf("%nSlow AI, %d conversations/s for %d s (%d AI calls in all):%n", rate, length.toSeconds(),
                ai.calls());
        for (Run run : List.of(slow, instant)) {
            System.out.printf("  %-28s replies %d of %d; AI calls in flight at most %d; lateness p50 %d ms, p99 %d ms; "
                    + "webhook->reply minus window and AI p50 %d ms, p99 %d ms%n", run.name(), run.replies(),
                    run.conversations(), run.peakInFlight(), run.latenessP50(), run.latenessP99(), run.e2eP50(),
                    run.e2eP99());
        }
        System.out.printf("  lateness p99 slow / instant: %d / %d ms; calls held at once %d (goal >= %d)%n",
                slow.latenessP99(), instant.latenessP99(), slow.peakInFlight(), GOAL_IN_FLIGHT);
        for (ServiceProcess service : stack.services()) {
            System.out.printf("  %s peak RSS %d MiB%n", service.name(), ProcessMemory.peakRssKb(service.pid())
                    / 1024);
        }
        return slow.replies() == slow.conversations() && instant.replies() == instant.conversations();
    }

    private static Run measure(String name, long delay, RunningStack stack, SlowAiStub ai, ServiceProcess responder,
            HttpClient http, URI webhook, HubSignature.Signer signer, int rate, Duration length, Duration window,
            Map<String, Long> lastSent, Map<String, Long> e2e, AtomicInteger replies) throws Exception {
        lastSent.clear();
        e2e.clear();
        replies.set(0);
        ai.delay(delay);
        ai.takePeakInFlight();
        long logFrom = Files.size(responder.log());
        System.out.printf("%n%s: offering %d conversations/s for %d s...%n", name, rate, length.toSeconds());
        int conversations = ReplyThroughput.offer(http, webhook, signer, stack, rate, length, name, lastSent);
        ReplyThroughput.awaitReplies(replies, conversations, Duration.ofSeconds(60).plusMillis(delay));
        int peak = ai.takePeakInFlight();
        List<Long> lateness = ReplyThroughput.lateness(responder.log(), logFrom);
        List<Long> latencies = e2e.values().stream()
                .map(nanos -> nanos / 1_000_000 - window.toMillis() - delay).sorted().toList();
        Thread.sleep(window.toMillis() + 2_000);
        return new Run(name, conversations, replies.get(), peak, ReplyThroughput.percentile(lateness, 50),
                ReplyThroughput.percentile(lateness, 99), ReplyThroughput.percentile(latencies, 50),
                ReplyThroughput.percentile(latencies, 99));
    }
}
