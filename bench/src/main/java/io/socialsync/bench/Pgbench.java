package io.socialsync.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.socialsync.testsupport.RealServers;

/**
 * {@code pgbench} on the ingest benchmark's PostgreSQL: one single-row {@code INSERT … ON CONFLICT} per transaction
 * into a table shaped like {@code messages}, the work a webhook would cost without group commit. Either as fast as
 * it goes (the ceiling) or at a fixed arrival rate ({@code -R}), where its latency from each transaction's scheduled
 * start ({@code -l}) is what PostgreSQL alone answers at that rate on this machine.
 */
final class Pgbench implements AutoCloseable {

    /** One step: transactions per second, and latency percentiles in ms (NaN when not logged). */
    record Result(double rate, double meanMillis, double p50, double p99) {
    }

    private static final String TABLE = "bench_insert_ceiling";

    private final RealServers.Postgres postgres;
    private final Path script;
    private final Path logs;

    private Pgbench(RealServers.Postgres postgres, Path script, Path logs) {
        this.postgres = postgres;
        this.script = script;
        this.logs = logs;
    }

    /** Creates the table (after Flyway has created {@code messages}) and the script. */
    static Pgbench on(RealServers.Postgres postgres) throws SQLException, IOException {
        try (Connection sql = postgres.connect(); Statement statement = sql.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            // The same columns, defaults and unique key as the real table; no foreign keys (pgbench has no parents).
            statement.execute("CREATE TABLE " + TABLE + " (LIKE messages INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
                    + "INCLUDING INDEXES)");
        }
        Path script = Files.createTempFile("ingest-ceiling", ".sql");
        Files.writeString(script,
                """
                        \\set n random(1, 9000000000000000000)
                        INSERT INTO bench_insert_ceiling (id, conversation_id, account_id, direction, type, text, token_count, platform_message_id, status, sent_at) VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002', 'inbound', 'text', 'Do you ship to Lisbon?', 6, 'wamid.bench' || :n, 'received', now()) ON CONFLICT (account_id, platform_message_id) DO NOTHING;
                        """);
        return new Pgbench(postgres, script, Files.createTempDirectory("pgbench-logs"));
    }

    /** As many transactions as {@code clients} connections commit one after the other. */
    Result closedLoop(int clients, Duration step) throws IOException, InterruptedException {
        return run(clients, 0, step);
    }

    /**
     * Transactions started at {@code perSecond} (pgbench draws the gaps from a Poisson process), each timed from
     * when it was due, as the ingest open loop times its requests.
     */
    Result openLoop(int clients, double perSecond, Duration step) throws IOException, InterruptedException {
        return run(clients, perSecond, step);
    }

    private Result run(int clients, double perSecond, Duration step) throws IOException, InterruptedException {
        URI url = URI.create(postgres.reactiveUrl().replace("postgresql://", "http://"));
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-f", script.toString(),
                "-c", Integer.toString(clients), "-j", "2", "-T", Long.toString(step.toSeconds()),
                "-h", url.getHost(), "-p", Integer.toString(url.getPort()), "-U", postgres.username()));
        boolean logged = perSecond > 0;
        Path prefix = logs.resolve("tx" + System.nanoTime());
        if (logged) {
            command.addAll(List.of("-R", String.format("%.0f", perSecond), "-l", "--log-prefix=" + prefix));
        }
        command.add(url.getPath().substring(1));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", postgres.password());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(step.toSeconds() + 30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
        Matcher latency = Pattern.compile("latency average = ([0-9.]+) ms").matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench output:\n" + output);
        }
        double mean = latency.find() ? Double.parseDouble(latency.group(1)) : Double.NaN;
        if (!logged) {
            return new Result(Double.parseDouble(tps.group(1)), mean, Double.NaN, Double.NaN);
        }
        long[] micros = transactionLatencies(prefix);
        return new Result(Double.parseDouble(tps.group(1)), mean, Percentiles.millis(micros, 50, 1e3),
                Percentiles.millis(micros, 99, 1e3));
    }

    /**
     * The third field of each line of pgbench's per-transaction logs ({@code prefix.<pid>} and one file per further
     * thread): the transaction's latency in µs, from its scheduled start when {@code -R} is given. The files are
     * deleted once read.
     */
    private static long[] transactionLatencies(Path prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(prefix.getParent())) {
            files = listed.filter(file -> file.getFileName().toString().startsWith(prefix.getFileName() + "."))
                    .toList();
        }
        List<long[]> parts = new ArrayList<>();
        for (Path file : files) {
            try (Stream<String> lines = Files.lines(file)) {
                parts.add(lines.map(line -> line.split(" ")).filter(fields -> fields.length > 2)
                        .mapToLong(fields -> Long.parseLong(fields[2])).toArray());
            }
            Files.delete(file);
        }
        return parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }

    @Override
    public void close() throws SQLException, IOException {
        try (Connection sql = postgres.connect(); Statement statement = sql.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
        }
        Files.deleteIfExists(script);
        try (Stream<Path> left = Files.list(logs)) {
            for (Path file : left.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(logs);
    }
}
