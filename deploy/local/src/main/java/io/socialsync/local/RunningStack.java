package io.socialsync.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.socialsync.testsupport.RealServers;

/**
 * The whole stack on one machine: PostgreSQL and Redis (embedded unless their URLs are set), the Graph API sandbox
 * and the three packaged services, each in its own process. Used by {@link LocalStack} and the benchmark.
 * <p>
 * {@link #close()} may run at any moment, also from a shutdown hook while the stack is still starting, so every
 * process is registered as soon as it exists.
 */
public final class RunningStack implements AutoCloseable {

    /** Where everything listens; 0 for the sandbox picks a free port. */
    public record Ports(int sandbox, int ingest, int batcher, int responder) {

        /** The documented ports, with the sandbox's from {@code SANDBOX_PORT}. */
        public static Ports standard() {
            String sandbox = System.getenv("SANDBOX_PORT");
            return new Ports(sandbox == null || sandbox.isBlank() ? 8090 : Integer.parseInt(sandbox.trim()), 8081,
                    8082, 8083);
        }

        /** Free ports, so that a benchmark can run beside a stack a developer already started. */
        public static Ports free() {
            return new Ports(0, ServiceProcess.freePort(), ServiceProcess.freePort(), ServiceProcess.freePort());
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final StackLayout layout;
    private final Ports ports;
    private final PrintStream console;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
    private volatile GraphSandbox sandbox;
    private volatile LocalSettings settings;
    private volatile RealServers.Postgres postgres;
    private volatile RealServers.Redis redis;
    private boolean closed;

    public RunningStack(StackLayout layout, Ports ports, PrintStream console) {
        this.layout = layout;
        this.ports = ports;
        this.console = console;
    }

    /**
     * Variables given to every service on top of the stack's own, set before {@link #start()}: a benchmark points the
     * responder at an AI endpoint of its own this way.
     */
    public RunningStack withEnvironment(Map<String, String> extra) {
        extraEnvironment.putAll(extra);
        return this;
    }

    /** Starts everything and returns once every service reports ready; on failure stops what it started. */
    public RunningStack start() throws IOException {
        layout.requirePackaged(StackLayout.SERVICES);
        sandbox = GraphSandbox.start(ports.sandbox(), console);
        settings = LocalSettings.resolve(System.getenv(), sandbox.baseUrl());
        console.println("Starting PostgreSQL and Redis (embedded unless QUARKUS_DATASOURCE_REACTIVE_URL / "
                + "QUARKUS_REDIS_HOSTS are set)...");
        // The embedded servers log through SLF4J without a provider; its warning about that is only noise here.
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "ERROR"));
        postgres = RealServers.postgres();
        redis = RealServers.redis();

        Map<String, String> env = new LinkedHashMap<>(RealServers.environment());
        env.putAll(settings.serviceEnvironment());
        // Plain-text logs in the files a developer reads; production keeps JSON. The user's choice wins.
        if (System.getenv("QUARKUS_LOG_CONSOLE_JSON_ENABLED") == null) {
            env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        }
        env.putAll(extraEnvironment);

        Path logs = layout.logFolder("local-stack-logs");
        console.println("Starting " + String.join(", ", StackLayout.SERVICES) + " (logs in " + logs + ")...");
        try {
            start(StackLayout.INGEST, ports.ingest(), env, logs);
            start(StackLayout.BATCHER, ports.batcher(), env, logs);
            start(StackLayout.RESPONDER, ports.responder(), env, logs);
            // They boot side by side; waiting in turn costs no more than the slowest of them.
            for (ServiceProcess service : services()) {
                service.awaitReady(READY_TIMEOUT);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        sandbox.connectIngest(ingest(), settings.accountId());
        sandbox.connectInstagram(new IngestWebhook("http://127.0.0.1:" + ports.ingest(), "instagram",
                settings.instagram().webhookSecret()), settings.instagram().accountId());
        sandbox.connectTelegram("http://127.0.0.1:" + ports.ingest(), settings.telegram().accountId(),
                settings.telegram().webhookSecret());
        return this;
    }

    private synchronized void start(String name, int port, Map<String, String> env, Path logs) {
        if (closed) {
            throw new IllegalStateException("stopping");
        }
        services.add(ServiceProcess.start(new ServiceProcess.Launch(name, layout.jar(name), port, env), logs));
    }

    public synchronized List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    public GraphSandbox sandbox() {
        return sandbox;
    }

    public LocalSettings settings() {
        return settings;
    }

    public RealServers.Postgres postgres() {
        return postgres;
    }

    public RealServers.Redis redis() {
        return redis;
    }

    public IngestWebhook ingest() {
        return new IngestWebhook("http://127.0.0.1:" + ports.ingest(), settings.webhookSecret());
    }

    /** SIGTERM to every service at once, then waits for each; the sandbox goes last so that late replies land. */
    @Override
    public void close() {
        List<ServiceProcess> running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = List.copyOf(services);
        }
        running.forEach(ServiceProcess::signalStop);
        running.forEach(service -> service.stop(STOP_GRACE));
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
