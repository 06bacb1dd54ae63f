package io.socialsync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.socialsync.local.LocalSettings;
import io.socialsync.local.ServiceProcess;
import io.socialsync.local.StackLayout;
import io.socialsync.testsupport.RealServers;

/**
 * How many signed WhatsApp deliveries ingest-service accepts, stores and enqueues per second, against what
 * PostgreSQL itself can commit as single-row {@code INSERT … ON CONFLICT} transactions ({@code pgbench}, same
 * server, same run). Ingest groups the inserts of concurrent requests into one statement, so it can beat that
 * ceiling while each request still answers only after its own row is committed and on the stream.
 * <p>
 * Steps: start PostgreSQL and Redis (embedded and durable unless their URLs are set), measure the pgbench ceiling,
 * start the packaged ingest-service on a free loopback port, post deliveries at increasing concurrency (closed loop),
 * then at fixed arrival rates (open loop) from the ceiling's down until p99 ≤ 25 ms, each rate offered first to
 * pgbench alone as the latency reference, and check that every accepted message is in PostgreSQL. Each step prints
 * the CPU per delivery of each process. {@code bench/ingest-throughput.sh}; bounded to a few minutes.
 */
public final class IngestThroughput {

    private static final String SECRET = "bench-app-secret";
    private static final String ACCOUNT = "100000000000777";
    private static final Duration STEP = Duration.ofSeconds(seconds("BENCH_STEP_SECONDS", 8));
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final int[] CONCURRENCY = {1, 8, 32, 64, 128, 256};
    private static final int[] PGBENCH_CLIENTS = {4, 16, 64};
    private static final int OPEN_LOOP_CONNECTIONS = 256;
    /** Open-loop rates, as fractions of the ceiling, tried in turn until one is answered within the p99 goal. */
    private static final double[] OPEN_LOOP_FRACTIONS = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5};
    private static final double P99_GOAL_MS = 25.0;
    /**
     * The ceiling's rate is offered to ingest this many times in a row: on 2 shared cores one step's p99 varies by a
     * factor of 2-5 between identical runs (a few stalls more or less), so the summary takes the median round.
     */
    private static final int CEILING_RATE_ROUNDS = 3;
    private static final Pattern DELIVERY_TIME = Pattern.compile(" in ([0-9]+) ms");

    private IngestThroughput() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "ERROR"));
        System.setProperty(RealServers.DURABLE_PROPERTY, "true");
        // A run stores about a million messages that nobody answers, and fills the inbound stream: on a shared
        // server they would reach the next batcher and responder (and every test's reconciler). Its own embedded
        // servers unless asked otherwise.
        boolean external = "1".equals(System.getenv("BENCH_EXTERNAL_SERVERS"));
        System.setProperty(RealServers.EMBEDDED_ONLY_PROPERTY, Boolean.toString(!external));
        StackLayout layout = StackLayout.locate();
        layout.requirePackaged(List.of(StackLayout.INGEST));
        System.out.println(external
                ? "Using the PostgreSQL and Redis of QUARKUS_DATASOURCE_REACTIVE_URL / QUARKUS_REDIS_HOSTS "
                        + "(BENCH_EXTERNAL_SERVERS=1): this run's messages are deleted from PostgreSQL at the end, its "
                        + "stream entries stay in Redis"
                : "Starting embedded PostgreSQL and Redis (BENCH_EXTERNAL_SERVERS=1 uses the servers of the "
                        + "QUARKUS_* URLs instead)...");
        RealServers.Postgres postgres = RealServers.postgres();
        RealServers.Redis redis = RealServers.redis();
        if (!postgres.reactiveUrl().contains("localhost") && !postgres.reactiveUrl().contains("127.0.0.1")) {
            System.out.println("Refusing: the benchmark runs on loopback only, and PostgreSQL is at "
                    + postgres.reactiveUrl());
            System.exit(2);
        }

        Map<String, String> env = new LinkedHashMap<>(RealServers.environment());
        env.put("WHATSAPP_WEBHOOK_SECRET", SECRET);
        env.put("WHATSAPP_ACCOUNT_ID", ACCOUNT);
        env.put("WHATSAPP_ACCESS_TOKEN", "bench-token");
        env.put("SOCIALSYNC_CRYPTO_KEYS", LocalSettings.DEFAULT_CRYPTO_KEYS);
        int port = ServiceProcess.freePort();
        ServiceProcess ingest = ServiceProcess.start(new ServiceProcess.Launch(StackLayout.INGEST,
                layout.jar(StackLayout.INGEST), port, env, java.util.Set.of("INSTAGRAM_ACCOUNT_ID")),
                layout.logFolder("ingest-throughput-logs"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ingest.stop(Duration.ofSeconds(10)), "bench-stop"));
        int status;
        try {
            // Flyway must have created the schema before pgbench can shape its table like `messages`.
            ingest.awaitReady(Duration.ofSeconds(90));
            printDurability(postgres);
            CpuShares cpu = new CpuShares("ingest", ingest.pid());
            String given = System.getenv("BENCH_CEILING");
            try (Pgbench pgbench = Pgbench.on(postgres); DiskSyncProbe disk = new DiskSyncProbe(P99_GOAL_MS)) {
                Ceiling ceiling;
                if (given == null || given.isBlank()) {
                    ceiling = pgbenchCeiling(pgbench, cpu);
                } else {
                    ceiling = new Ceiling(Double.parseDouble(given.trim()), 0);
                    System.out.printf("%nPostgreSQL ceiling GIVEN as %.0f/s (BENCH_CEILING), not measured: "
                            + "for quick iterations only; no pgbench reference at fixed rates%n", ceiling.rate());
                }
                status = run(ingest, postgres, ceiling, ceiling.clients() > 0 ? pgbench : null, cpu, disk) ? 0 : 1;
            }
        } catch (Exception e) {
            System.err.println("Benchmark failed: " + e);
            status = 2;
        } finally {
            ingest.stop(Duration.ofSeconds(10));
        }
        System.exit(status);
    }

    /**
     * Group commit pays off where a commit waits for its WAL to reach the disk, as it does on any PostgreSQL that
     * keeps what it acknowledged. The tests' embedded server does not wait (fsync and synchronous_commit off, for
     * speed), which would make the ceiling a measure of something else: the benchmark starts its embedded server
     * durable ({@link RealServers#DURABLE_PROPERTY}) and prints what the server it measures does.
     */
    static void printDurability(RealServers.Postgres postgres) throws SQLException {
        try (Connection sql = postgres.connect();
                Statement statement = sql.createStatement();
                ResultSet settings = statement.executeQuery("SELECT current_setting('synchronous_commit'), "
                        + "current_setting('fsync'), current_setting('server_version')")) {
            settings.next();
            System.out.printf("%nPostgreSQL %s: synchronous_commit=%s, fsync=%s%n", settings.getString(3),
                    settings.getString(1), settings.getString(2));
        }
    }

    /** The pgbench ceiling: the best single-row insert rate over a few client counts, one transaction per row. */
    record Ceiling(double rate, int clients) {
    }

    static Ceiling pgbenchCeiling(Pgbench pgbench, CpuShares cpu) throws Exception {
        double best = 0;
        int bestClients = 0;
        System.out.printf("%nPostgreSQL ceiling: pgbench, one INSERT … ON CONFLICT per transaction, %d s per step%n",
                STEP.toSeconds());
        for (int clients : PGBENCH_CLIENTS) {
            Map<String, Long> before = cpu.sample();
            Pgbench.Result result = pgbench.closedLoop(clients, STEP);
            // Let PostgreSQL reap the backends pgbench closed, so that their CPU is counted.
            Thread.sleep(500);
            Map<String, Long> after = cpu.sample();
            System.out.printf("  %3d clients  %8.0f inserts/s   mean latency %.3f ms%n", clients, result.rate(),
                    result.meanMillis());
            System.out.println("               " + perInsert(before, after, result.rate()));
            if (result.rate() > best) {
                best = result.rate();
                bestClients = clients;
            }
        }
        System.out.printf("  ceiling: %.0f inserts/s (%d clients)%n", best, bestClients);
        return new Ceiling(best, bestClients);
    }

    /** pgbench is this JVM's child: its CPU shows as the load generator's once it has exited. */
    private static String perInsert(Map<String, Long> before, Map<String, Long> after, double rate) {
        return CpuShares.perUnit("delivery", before, after, Math.round(rate * STEP.toSeconds()), STEP.toSeconds())
                .replace("per delivery", "per insert").replace("load generator", "pgbench");
    }

    /**
     * The ingest steps; with {@code pgbench}, each open-loop rate is first offered to pgbench alone (the ceiling's
     * client count): the latency PostgreSQL itself answers single-row inserts with at that rate, on the same cores.
     */
    private static boolean run(ServiceProcess ingest, RealServers.Postgres postgres, Ceiling measured,
            Pgbench pgbench, CpuShares cpu, DiskSyncProbe disk) throws Exception {
        double ceiling = measured.rate();
        RawHttpLoad load = new RawHttpLoad(new InetSocketAddress("127.0.0.1", ingest.port()), "/webhooks/whatsapp",
                SECRET, ACCOUNT);
        System.out.printf("%nIngest: signed WhatsApp text deliveries to %s/webhooks/whatsapp, closed loop, %d s per "
                + "step (after %d s warm-up)%n", ingest.baseUrl(), STEP.toSeconds(), WARM_UP.toSeconds());
        load.closedLoop(64, WARM_UP);
        RawHttpLoad.Result best = null;
        RawHttpLoad.Result bestWithinGoal = null;
        for (int concurrency : concurrency()) {
            Map<String, Long> before = cpu.sample();
            RawHttpLoad.Result result = load.closedLoop(concurrency, STEP);
            Map<String, Long> after = cpu.sample();
            System.out.printf("  %3d in flight  %8.0f deliveries/s   p50 %6.1f ms   p99 %6.1f ms   errors %d%n",
                    concurrency, result.rate(), result.p50(), result.p99(), result.errors());
            System.out.println("                 "
                    + CpuShares.perUnit("delivery", before, after, result.answered(), result.seconds()));
            if (best == null || result.rate() > best.rate()) {
                best = result;
            }
            if (result.p99() <= P99_GOAL_MS && result.errors() == 0
                    && (bestWithinGoal == null || result.rate() > bestWithinGoal.rate())) {
                bestWithinGoal = result;
            }
        }
        System.out.printf("%nIngest at fixed arrival rates (open loop, %d s each, %d connections): the ceiling's "
                + "rate, then lower fractions of it until p99 ≤ %.0f ms%n", STEP.toSeconds(), OPEN_LOOP_CONNECTIONS,
                P99_GOAL_MS);
        if (pgbench != null) {
            System.out.printf("  each rate is offered first to pgbench alone (%d clients, Poisson arrivals), then to "
                    + "ingest%n", measured.clients());
        }
        RawHttpLoad.Result atCeiling = null;
        Pgbench.Result pgbenchAtCeiling = null;
        double sustained = 0;
        RawHttpLoad.Result atSustained = null;
        for (double fraction : OPEN_LOOP_FRACTIONS) {
            double offered = ceiling * fraction;
            if (pgbench != null) {
                Map<String, Long> before = cpu.sample();
                disk.drain();
                Pgbench.Result alone = pgbench.openLoop(measured.clients(), offered, STEP);
                DiskSyncProbe.Syncs syncs = disk.drain();
                Thread.sleep(500);
                Map<String, Long> after = cpu.sample();
                System.out.printf("  offered %6.0f/s (%.2f)  pgbench  %8.0f/s   p50 %7.1f ms   p99 %7.1f ms%n",
                        offered, fraction, alone.rate(), alone.p50(), alone.p99());
                System.out.println("                          " + perInsert(before, after, alone.rate()));
                System.out.println("                          " + describe(syncs));
                if (pgbenchAtCeiling == null) {
                    pgbenchAtCeiling = alone;
                }
            }
            int rounds = atCeiling == null ? CEILING_RATE_ROUNDS : 1;
            List<RawHttpLoad.Result> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                results.add(openLoopStep(load, ingest, cpu, disk, offered, fraction,
                        rounds > 1 ? String.format("   round %d of %d", round, rounds) : ""));
            }
            // The median round by p99 stands for the rate; with one round, that round.
            results.sort(Comparator.comparingDouble(RawHttpLoad.Result::p99));
            RawHttpLoad.Result result = results.get(results.size() / 2);
            if (rounds > 1) {
                System.out.printf("  offered %6.0f/s (%.2f)  ingest, median of %d rounds: p99 %.1f ms (rounds %.1f to "
                        + "%.1f ms)%n", offered, fraction, rounds, result.p99(), results.get(0).p99(),
                        results.get(results.size() - 1).p99());
            }
            if (atCeiling == null) {
                atCeiling = result;
            }
            if (result.p99() <= P99_GOAL_MS && result.errors() == 0 && result.rate() >= offered * 0.99) {
                sustained = offered;
                atSustained = result;
                break;
            }
        }

        // The machine's own speed drifts: on shared 2-vCPU VMs the same code has cost 40 to 70 µs of CPU per delivery
        // within ten minutes. The ceiling is measured again now, so that the summary says how far apart the two
        // measurements are, that is how much the ratios above can owe to the moment they were taken.
        Pgbench.Result ceilingAgain = null;
        if (pgbench != null) {
            ceilingAgain = pgbench.closedLoop(measured.clients(), STEP);
            System.out.printf("%nPostgreSQL ceiling again, after the ingest steps (%d clients): %.0f inserts/s%n",
                    measured.clients(), ceilingAgain.rate());
        }

        long stored = storedCount(postgres, load.run);
        long accepted = load.accepted.get();
        System.out.printf("%nStored: %d of %d accepted deliveries are in PostgreSQL%s%n", stored, accepted,
                stored == accepted ? "" : "  <-- MISMATCH");
        if (!Boolean.getBoolean(RealServers.EMBEDDED_ONLY_PROPERTY)) {
            forgetBenchAccount(postgres);
        }
        double ratio = best.rate() / ceiling;
        double ratioAtCeiling = atCeiling.rate() / ceiling;
        System.out.printf("%nSummary%n");
        System.out.printf("  pgbench ceiling (single-row INSERT … ON CONFLICT): %.0f/s%n", ceiling);
        if (ceilingAgain != null) {
            System.out.printf("  the same pgbench step after the ingest steps: %.0f/s (%+.0f %%): the ratios below are "
                    + "against the first%n", ceilingAgain.rate(), 100 * (ceilingAgain.rate() / ceiling - 1));
        }
        System.out.printf("  ingest peak (closed loop, %d in flight): %.0f/s, p50 %.1f ms, p99 %.1f ms%n",
                best.concurrency(), best.rate(), best.p50(), best.p99());
        // A closed loop sends nothing while the service stalls, so its p99 leaves out the requests a stall would
        // have delayed: the open loop below is the goal's measure; this line says how far apart the two are.
        if (bestWithinGoal != null) {
            System.out.printf("  ingest closed loop, best rate with p99 ≤ %.0f ms: %.0f/s (%d in flight, p99 %.1f ms), "
                    + "%.2f × the ceiling%n", P99_GOAL_MS, bestWithinGoal.rate(), bestWithinGoal.concurrency(),
                    bestWithinGoal.p99(), bestWithinGoal.rate() / ceiling);
        }
        System.out.printf("  ingest at the ceiling's rate (open loop, median of %d rounds): %.0f/s, p50 %.1f ms, "
                + "p99 %.1f ms%n", CEILING_RATE_ROUNDS, atCeiling.rate(), atCeiling.p50(), atCeiling.p99());
        if (pgbenchAtCeiling != null) {
            System.out.printf("  pgbench alone at the ceiling's rate (open loop, %d clients): %.0f/s, p50 %.1f ms, "
                    + "p99 %.1f ms; ingest's p99 / pgbench's p99 = %.2f%n", measured.clients(),
                    pgbenchAtCeiling.rate(), pgbenchAtCeiling.p50(), pgbenchAtCeiling.p99(),
                    atCeiling.p99() / pgbenchAtCeiling.p99());
        }
        if (atSustained != null) {
            System.out.printf("  highest offered rate answered with p99 ≤ %.0f ms: %.0f/s (p50 %.1f ms, p99 %.1f ms)%n",
                    P99_GOAL_MS, sustained, atSustained.p50(), atSustained.p99());
        } else {
            System.out.printf("  no offered rate down to %.2f of the ceiling was answered with p99 ≤ %.0f ms%n",
                    OPEN_LOOP_FRACTIONS[OPEN_LOOP_FRACTIONS.length - 1], P99_GOAL_MS);
        }
        System.out.printf("  ratio peak / ceiling = %.2f   ratio at ceiling rate = %.2f   ratio at p99 ≤ %.0f ms = %.2f"
                + "   (goal ≥ 1.00 with p99 ≤ %.0f ms)%n", ratio, ratioAtCeiling, P99_GOAL_MS, sustained / ceiling,
                P99_GOAL_MS);
        boolean goal = ratioAtCeiling >= 0.99 && atCeiling.p99() <= P99_GOAL_MS && atCeiling.errors() == 0;
        System.out.println("  goal " + (goal ? "met" : "NOT met"));
        return stored == accepted;
    }

    /** The disk's durable-write latency during a step, next to the step's own figures. */
    private static String describe(DiskSyncProbe.Syncs syncs) {
        return String.format("disk meanwhile: %d fdatasyncs of 8 KiB, p50 %.2f ms, p99 %.1f ms, longest %.1f ms, "
                + "%d over %.0f ms", syncs.count(), syncs.p50(), syncs.p99(), syncs.max(), syncs.over(), P99_GOAL_MS);
    }

    /** One open-loop step at {@code offered}/s: its figures, where its p99 comes from, and the CPU it cost. */
    private static RawHttpLoad.Result openLoopStep(RawHttpLoad load, ServiceProcess ingest, CpuShares cpu,
            DiskSyncProbe disk, double offered, double fraction, String label) throws IOException {
        Map<String, Long> before = cpu.sample();
        disk.drain();
        long logFrom = Files.size(ingest.log());
        RawHttpLoad.Result result = load.openLoop(offered, STEP, OPEN_LOOP_CONNECTIONS,
                Duration.ofMillis((long) P99_GOAL_MS));
        Map<String, Long> after = cpu.sample();
        DiskSyncProbe.Syncs syncs = disk.drain();
        System.out.printf("  offered %6.0f/s (%.2f)  ingest   %8.0f/s   p50 %7.1f ms   p99 %7.1f ms   errors %d%s%n",
                offered, fraction, result.rate(), result.p50(), result.p99(), result.errors(), label);
        System.out.printf("                          p99 inside ingest (its log) %.0f ms, unsent in the client "
                + "%.1f ms%n", p99InsideIngest(ingest.log(), logFrom), result.p99Unsent());
        RawHttpLoad.SlowSpans slow = result.slow();
        System.out.printf("                          over %.0f ms: requests due in %d of the %d ms (%d episodes, the "
                + "longest %d ms)%n", P99_GOAL_MS, slow.millis(), STEP.toMillis(), slow.episodes(),
                slow.longestMillis());
        System.out.println("                          " + describe(syncs));
        System.out.println("                          "
                + CpuShares.perUnit("delivery", before, after, result.answered(), result.seconds()));
        return result;
    }

    /**
     * The p99 of the time ingest itself took per delivery (its log line's "in N ms", whole ms) over the lines written
     * since {@code from}: with the client's own wait, it tells how much of the open loop's p99 is the service.
     */
    private static double p99InsideIngest(Path log, long from) throws IOException {
        long[] millis;
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            channel.position(from);
            BufferedReader lines = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
            millis = lines.lines().filter(line -> line.contains("webhook platform=")).map(DELIVERY_TIME::matcher)
                    .filter(Matcher::find).mapToLong(found -> Long.parseLong(found.group(1))).sorted().toArray();
        }
        return Percentiles.millis(millis, 99, 1);
    }

    /** Deletes what the benchmark's account stored (it is this benchmark's own), so that nothing waits for a reply. */
    private static void forgetBenchAccount(RealServers.Postgres postgres) throws SQLException {
        try (Connection sql = postgres.connect(); Statement statement = sql.createStatement()) {
            String account = "(SELECT id FROM social_accounts WHERE platform_account_id = '" + ACCOUNT + "')";
            statement.execute("DELETE FROM messages WHERE account_id = " + account);
            statement.execute("DELETE FROM escalations WHERE conversation_id IN (SELECT id FROM conversations "
                    + "WHERE account_id = " + account + ")");
            statement.execute("DELETE FROM conversations WHERE account_id = " + account);
            statement.execute("DELETE FROM contacts WHERE account_id = " + account);
        }
    }

    private static long storedCount(RealServers.Postgres postgres, String run) throws SQLException {
        try (Connection sql = postgres.connect();
                PreparedStatement query = sql.prepareStatement(
                        "SELECT count(*) FROM messages WHERE platform_message_id LIKE ?")) {
            query.setString(1, "wamid.BENCH" + run + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The closed-loop steps; BENCH_CONCURRENCY (e.g. "64,256") narrows them for quick iterations. */
    private static int[] concurrency() {
        String given = System.getenv("BENCH_CONCURRENCY");
        return given == null || given.isBlank()
                ? CONCURRENCY
                : java.util.Arrays.stream(given.split(",")).mapToInt(step -> Integer.parseInt(step.trim())).toArray();
    }

    private static long seconds(String name, long fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
    }
}
