package io.socialsync.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.socialsync.local.IngestWebhook;
import io.socialsync.local.KnowledgeSeed;
import io.socialsync.local.RunningStack;
import io.socialsync.local.StackLayout;
import io.socialsync.local.WhatsAppTextDelivery;

/**
 * How long a customer waits for an answer: the time from the webhook POST to the reply reaching the Graph API
 * sandbox, for 20 customers one after another, on loopback. The batching window is the floor (a reply goes out only
 * after that much silence), so the interesting figure is how far above it the median sits.
 * <p>
 * {@code bench/e2e-latency.sh}; the window is {@code SOCIALSYNC_BATCH_WINDOW} (2s by default).
 */
public final class EndToEndLatency {

    private static final int CUSTOMERS = 20;
    /** The whole measurement gives up after this, so a stuck pipeline cannot hang the run. */
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final String QUESTION = "What are your opening hours?";

    private EndToEndLatency() {
    }

    public static void main(String[] args) throws Exception {
        // Free ports: the benchmark may run beside a local stack a developer already has open.
        RunningStack stack = new RunningStack(StackLayout.locate(), RunningStack.Ports.free(), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "benchmark-stop"));
        int status;
        try {
            stack.start();
            KnowledgeSeed.seedSample(stack.postgres());
            status = measure(stack) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("Benchmark failed: " + e.getMessage());
            status = 2;
        } finally {
            stack.close();
        }
        System.exit(status);
    }

    private static boolean measure(RunningStack stack) throws Exception {
        Map<String, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();
        stack.sandbox().onReceived(request -> {
            if (request.isReply()) {
                CompletableFuture<Long> reply = pending.get(request.body().path("to").asText());
                if (reply != null) {
                    reply.complete(System.nanoTime());
                }
            }
        });
        Duration window = stack.settings().window();
        System.out.printf("%nSending %d messages from %d customers, one after another (window %s, budget %d s)...%n",
                CUSTOMERS, CUSTOMERS, stack.settings().batchWindow(), BUDGET.toSeconds());

        IngestWebhook webhook = stack.ingest();
        String account = stack.settings().accountId();
        String run = Long.toString(System.currentTimeMillis() % 1_000_000);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String customer = String.format("4915%06d%02d", Long.parseLong(run), i);
            CompletableFuture<Long> reply = new CompletableFuture<>();
            pending.put(customer, reply);
            byte[] body = WhatsAppTextDelivery.fresh(account, customer, QUESTION).body();
            long sent = System.nanoTime();
            HttpResponse<String> answer = webhook.post(body);
            if (answer.statusCode() != 200) {
                System.out.printf("Webhook answered %d: %s%n", answer.statusCode(), answer.body());
                return false;
            }
            try {
                long arrived = reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                latencies.add((arrived - sent) / 1_000_000);
            } catch (TimeoutException e) {
                System.out.printf("Gave up after %d s: %d of %d replies arrived.%n", BUDGET.toSeconds(),
                        latencies.size(), CUSTOMERS);
                break;
            }
        }
        report(latencies, window);
        return latencies.size() == CUSTOMERS;
    }

    private static void report(List<Long> latencies, Duration window) {
        if (latencies.isEmpty()) {
            System.out.println("No reply arrived; see the service logs under deploy/local/target/local-stack-logs.");
            return;
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        long median = percentile(sorted, 50);
        System.out.printf("%nEnd-to-end latency, webhook POST -> reply at the Graph API (%d messages):%n",
                sorted.size());
        System.out.printf("  min %d ms   median %d ms   p90 %d ms   max %d ms%n", sorted.get(0), median,
                percentile(sorted, 90), sorted.get(sorted.size() - 1));
        System.out.printf("  median / window (%d ms) = %.2f   (1.00 is the floor; the rest is batching lateness, "
                + "retrieval and sending)%n", window.toMillis(), (double) median / window.toMillis());
    }

    /** Nearest-rank percentile: the smallest value with at least {@code p}% of the values at or below it. */
    private static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
