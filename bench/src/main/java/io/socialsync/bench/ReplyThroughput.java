package io.socialsync.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.socialsync.local.KnowledgeSeed;
import io.socialsync.local.RunningStack;
import io.socialsync.local.ServiceProcess;
import io.socialsync.local.StackLayout;
import io.socialsync.local.WhatsAppTextDelivery;
import io.socialsync.model.HubSignature;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The whole pipeline under load: the three packaged services, the offline (instant) AI and the Graph API sandbox
 * (which reports statuses back to ingest, as Meta does). Customers write bursts of 1–3 messages at increasing offered
 * rates of conversations per second; for each rate it prints replies per second, batch lateness p50/p99 (claim time
 * minus deadline, from the responder's log), webhook-to-reply p50/p99 minus the window, and the CPU each process
 * spent per reply. The responder is profiled (JFR) during the highest rate and its hottest methods printed. It ends
 * with the highest rate sustained with lateness p99 ≤ 50 ms and that rate over the ingest ceiling (pgbench's
 * single-row insert rate on the same PostgreSQL, measured in the same run).
 * <p>
 * {@code bench/reply-throughput.sh [rates…]}; see bench/README.md.
 */
public final class ReplyThroughput {

    private static final long GOAL_P99_MILLIS = 50;
    private static final Duration BURST_GAP = Duration.ofMillis(150);
    private static final Pattern LATENESS = Pattern.compile("lateness[=_a-z\":]*\\s*(\\d+)");
    private static final String QUESTION = "What are your opening hours?";

    private ReplyThroughput() {
    }

    private record Step(int offered, int conversations, int replies, double repliesPerSecond, long latenessP50,
            long latenessP99, long e2eP50, long e2eP99, Map<String, Double> cpuMillisPerReply) {

        boolean sustained() {
            return replies == conversations && latenessP99 <= GOAL_P99_MILLIS;
        }
    }

    public static void main(String[] args) throws Exception {
        int[] rates = args.length > 0
                ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[]{100, 250, 500, 750, 1000};
        Duration step = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BENCH_STEP_SECONDS", "10")));
        // The sandbox prints every reply it takes: thousands of lines here.
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        System.out.println("Starting PostgreSQL, Redis, the three services and the Graph API sandbox...");
        RunningStack stack = new RunningStack(StackLayout.locate(), RunningStack.Ports.free(), quiet);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "benchmark-stop"));
        int status;
        try {
            stack.start();
            KnowledgeSeed.seedSample(stack.postgres());
            status = run(stack, rates, step) ? 0 : 1;
        } finally {
            stack.close();
        }
        System.exit(status);
    }

    private static boolean run(RunningStack stack, int[] rates, Duration step) throws Exception {
        fundTenants(stack);
        double ceiling = ceiling(stack);
        Duration window = stack.settings().window();
        Map<String, Long> lastSent = new ConcurrentHashMap<>();
        Map<String, Long> e2e = new ConcurrentHashMap<>();
        AtomicInteger replies = new AtomicInteger();
        AtomicLong firstReply = new AtomicLong();
        AtomicLong lastReply = new AtomicLong();
        countReplies(stack, lastSent, e2e, replies, firstReply, lastReply);
        ServiceProcess responder = service(stack, StackLayout.RESPONDER);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HubSignature.Signer signer = HubSignature.signer(stack.settings().webhookSecret());
        URI webhook = stack.ingest().url();
        List<Step> steps = new ArrayList<>();
        // Warm-up, uncounted: the JIT compiles the hot paths of all three services. At the first rate at most, and
        // drained before the first step, so that no backlog of the warm-up is counted against it.
        int warmUp = offer(http, webhook, signer, stack, Math.min(200, rates[0]), Duration.ofSeconds(10), "w",
                lastSent);
        awaitReplies(replies, warmUp, Duration.ofSeconds(90));
        Thread.sleep(window.toMillis() + 3_000);
        for (int i = 0; i < rates.length; i++) {
            int rate = rates[i];
            lastSent.clear();
            e2e.clear();
            replies.set(0);
            firstReply.set(0);
            long logFrom = Files.size(responder.log());
            Map<String, Long> cpuBefore = cpu(stack);
            boolean profiled = i == rates.length - 1;
            Path recording = Path.of("bench/target/reply-throughput-responder.jfr").toAbsolutePath();
            if (profiled) {
                jcmd(responder.pid(), "JFR.start", "name=peak", "settings=profile");
            }
            System.out.printf("%nOffering %d conversations/s for %d s...%n", rate, step.toSeconds());
            int conversations = offer(http, webhook, signer, stack, rate, step, "r" + i, lastSent);
            awaitReplies(replies, conversations, Duration.ofSeconds(60));
            if (profiled) {
                jcmd(responder.pid(), "JFR.stop", "name=peak", "filename=" + recording);
            }
            Map<String, Long> cpuAfter = cpu(stack);
            int answered = replies.get();
            Map<String, Double> perReply = perReply(cpuBefore, cpuAfter, answered);
            List<Long> lateness = lateness(responder.log(), logFrom);
            List<Long> latencies = e2e.values().stream().map(nanos -> nanos / 1_000_000 - window.toMillis())
                    .sorted().toList();
            double seconds = (lastReply.get() - firstReply.get()) / 1e9;
            Step measured = new Step(rate, conversations, answered, seconds > 0 ? (answered - 1) / seconds : 0,
                    percentile(lateness, 50), percentile(lateness, 99), percentile(latencies, 50),
                    percentile(latencies, 99), perReply);
            steps.add(measured);
            print(measured);
            if (profiled) {
                printProfile(recording);
            }
            Thread.sleep(window.toMillis() + 2_000);
        }
        return summary(steps, ceiling, stack);
    }

    /**
     * Sends {@code rate} new conversations a second for {@code duration}: each customer writes 1, 2 or 3 messages
     * {@link #BURST_GAP} apart (one window). @return the number of conversations
     */
    static int offer(HttpClient http, URI webhook, HubSignature.Signer signer, RunningStack stack, int rate,
            Duration duration, String run, Map<String, Long> lastSent) throws InterruptedException {
        int conversations = (int) (rate * duration.toSeconds());
        String account = stack.settings().accountId();
        String prefix = Long.toString(System.currentTimeMillis() % 100_000) + run.hashCode() % 100;
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        AtomicInteger refused = new AtomicInteger();
        long start = System.nanoTime();
        for (int c = 0; c < conversations; c++) {
            String customer = "49" + prefix.replace("-", "") + String.format("%07d", c);
            int messages = 1 + c % 3;
            for (int m = 0; m < messages; m++) {
                long due = start + c * 1_000_000_000L / rate + m * BURST_GAP.toNanos();
                boolean last = m == messages - 1;
                timer.schedule(() -> {
                    byte[] body = WhatsAppTextDelivery.fresh(account, customer, QUESTION).body();
                    String signature;
                    synchronized (signer) { // one Mac, two timer threads
                        signature = signer.header(body);
                    }
                    if (last) {
                        lastSent.put(customer, System.nanoTime());
                    }
                    http.sendAsync(HttpRequest.newBuilder(webhook).header("Content-Type", "application/json")
                            .header(HubSignature.HEADER, signature)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.discarding()).thenAccept(response -> {
                                if (response.statusCode() != 200) {
                                    refused.incrementAndGet();
                                }
                            });
                }, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
        timer.shutdown();
        timer.awaitTermination(duration.toSeconds() + 30, TimeUnit.SECONDS);
        if (refused.get() > 0) {
            System.out.printf("  %d deliveries were not answered 200%n", refused.get());
        }
        return conversations;
    }

    /** Tens of thousands of replies: the local tenants must not run out of credits halfway. */
    static void fundTenants(RunningStack stack) throws SQLException {
        try (Connection sql = stack.postgres().connect(); Statement statement = sql.createStatement()) {
            statement.execute("UPDATE tenants SET credit_balance = 1000000000");
        }
    }

    /**
     * Counts the first reply the sandbox takes for each customer in {@code lastSent}, with its time since the
     * customer's last message in {@code e2e}, and when the first and the last of them came.
     */
    static void countReplies(RunningStack stack, Map<String, Long> lastSent, Map<String, Long> e2e,
            AtomicInteger replies, AtomicLong firstReply, AtomicLong lastReply) {
        stack.sandbox().onReceived(request -> {
            if (!request.isReply()) {
                return;
            }
            String to = request.body().path("to").asText();
            Long sent = lastSent.get(to);
            if (sent != null && e2e.putIfAbsent(to, System.nanoTime() - sent) == null) {
                long now = System.nanoTime();
                firstReply.compareAndSet(0, now);
                lastReply.set(now);
                replies.incrementAndGet();
            }
        });
    }

    /** Waits until {@code expected} replies arrived, or at most {@code longest}. */
    static void awaitReplies(AtomicInteger replies, int expected, Duration longest) throws InterruptedException {
        long giveUp = System.nanoTime() + longest.toNanos();
        while (replies.get() < expected && System.nanoTime() < giveUp) {
            Thread.sleep(100);
        }
    }

    private static double ceiling(RunningStack stack) {
        try {
            Pgbench pgbench = Pgbench.on(stack.postgres());
            try {
                double tps = pgbench.closedLoop(16, Duration.ofSeconds(10)).rate();
                System.out.printf("Ingest ceiling: pgbench single-row inserts, 16 clients, 10 s: %.0f/s%n", tps);
                return tps;
            } finally {
                pgbench.close();
            }
        } catch (Exception e) {
            System.out.println("Ingest ceiling not measured (pgbench: " + e.getMessage() + ")");
            return Double.NaN;
        }
    }

    private static void print(Step step) {
        System.out.printf("  replies %d of %d, %.0f/s; lateness p50 %d ms, p99 %d ms; webhook->reply minus window "
                + "p50 %d ms, p99 %d ms%n", step.replies(), step.conversations(), step.repliesPerSecond(),
                step.latenessP50(), step.latenessP99(), step.e2eP50(), step.e2eP99());
        System.out.println("  CPU per reply: " + step.cpuMillisPerReply().entrySet().stream()
                .map(entry -> String.format("%s %.2f ms", entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(", ")));
    }

    private static boolean summary(List<Step> steps, double ceiling, RunningStack stack) throws IOException {
        System.out.printf("%nReply throughput, offered rate -> replies/s, lateness p99 (goal %d ms):%n",
                GOAL_P99_MILLIS);
        steps.forEach(step -> System.out.printf("  %5d/s -> %6.0f/s  p99 %6d ms  %s%n", step.offered(),
                step.repliesPerSecond(), step.latenessP99(), step.sustained() ? "sustained" : "NOT sustained"));
        Step best = steps.stream().filter(Step::sustained).max(Comparator.comparingInt(Step::offered)).orElse(null);
        for (ServiceProcess service : stack.services()) {
            System.out.printf("  %s peak RSS %d MiB%n", service.name(), ProcessMemory.peakRssKb(service.pid()) / 1024);
        }
        if (best == null) {
            System.out.println("  no rate was sustained with lateness p99 <= " + GOAL_P99_MILLIS + " ms");
            return false;
        }
        System.out.printf("  highest rate sustained: %d conversations/s = %.2f x the ingest ceiling (%.0f/s)%n",
                best.offered(), best.offered() / ceiling, ceiling);
        return true;
    }

    /** The responder's hottest methods (own time) in the recording of the highest rate. */
    private static void printProfile(Path recording) throws IOException {
        Map<String, Integer> top = new ConcurrentHashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            samples++;
            RecordedFrame frame = event.getStackTrace().getFrames().get(0);
            top.merge(frame.getMethod().getType().getName() + "." + frame.getMethod().getName(), 1, Integer::sum);
        }
        int total = Math.max(1, samples);
        System.out.printf("  responder profile at this rate (%d samples, %s):%n", samples, recording);
        top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                .forEach(entry -> System.out.printf("    %5.1f%%  %s%n", 100.0 * entry.getValue() / total,
                        entry.getKey()));
    }

    static ServiceProcess service(RunningStack stack, String name) {
        return stack.services().stream().filter(service -> service.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * CPU ticks so far of each service (by name) and of every PostgreSQL and Redis process on the machine (by
     * {@code postgresql:<pid>}, {@code redis:<pid>}).
     */
    private static Map<String, Long> cpu(RunningStack stack) throws IOException {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (ServiceProcess service : stack.services()) {
            ticks.put(service.name().replace("-service", ""), ticksOf(service.pid()));
        }
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                String command = comm(process);
                String name = command.startsWith("postgres")
                        ? "postgresql"
                        : command.startsWith("redis-server") ? "redis" : null;
                if (name != null) {
                    ticks.put(name + ":" + process.getFileName(), ticksOf(Long.parseLong(
                            process.getFileName().toString())));
                }
            }
        }
        return ticks;
    }

    /** CPU ms per reply by process kind, counting only processes alive at both ends of the step. */
    private static Map<String, Double> perReply(Map<String, Long> before, Map<String, Long> after, int replies) {
        Map<String, Double> millis = new LinkedHashMap<>();
        after.forEach((key, ticks) -> {
            Long earlier = before.get(key);
            if (earlier != null) {
                millis.merge(key.replaceAll(":\\d+$", ""), (ticks - earlier) * 1000.0 / ticksPerSecond(),
                        Double::sum);
            }
        });
        millis.replaceAll((kind, total) -> total / Math.max(1, replies));
        return millis;
    }

    private static String comm(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (IOException gone) {
            return "";
        }
    }

    private static long ticksOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long ticksPerSecond() {
        return 100; // USER_HZ on Linux
    }

    /** Lateness of every batch the responder logged after {@code from} bytes of its log. */
    static List<Long> lateness(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        String written = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8);
        List<Long> values = new ArrayList<>();
        for (String line : written.split("\n")) {
            Matcher matcher = LATENESS.matcher(line);
            if (line.contains("conversation platform=") && matcher.find()) {
                values.add(Long.parseLong(matcher.group(1)));
            }
        }
        values.sort(null);
        return values;
    }

    static long percentile(List<Long> sorted, double percent) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(percent / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
