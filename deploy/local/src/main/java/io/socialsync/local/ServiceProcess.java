package io.socialsync.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * One packaged Quarkus service running as a child process, the way it runs in production: its own JVM, configured
 * only through environment variables, its output in a log file so that the launcher's console stays readable.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * What to start. {@code env} is added to the launcher's own environment (which the child inherits);
     * {@code unset} removes inherited names, so that a test is not steered by the developer's shell.
     */
    public record Launch(String name, Path jar, int port, Map<String, String> env, Set<String> unset) {

        public Launch(String name, Path jar, int port, Map<String, String> env) {
            this(name, jar, port, env, Set.of());
        }
    }

    /**
     * The property holding a service's JVM settings, as its Kubernetes manifest passes them ({@code JAVA_OPTS_APPEND}):
     * read from the packaged service, so that the local stack and the benchmarks run what production runs.
     * {@code SOCIALSYNC_SERVICE_JAVA_OPTS} replaces them for all three, {@code SOCIALSYNC_<SERVICE>_JAVA_OPTS} (e.g.
     * {@code SOCIALSYNC_INGEST_SERVICE_JAVA_OPTS}) for one: for a benchmark that compares settings.
     */
    static final String JAVA_OPTIONS_PROPERTY = "quarkus.kubernetes.env.vars.java-opts-append";
    /** For a service whose package does not name its settings. */
    static final String DEFAULT_JAVA_OPTIONS = "-XX:+UseSerialGC -Xmx256m -XX:+ExitOnOutOfMemoryError";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int TAIL_LINES = 40;

    private final Launch launch;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ServiceProcess(Launch launch, Process process, Path log) {
        this.launch = launch;
        this.process = process;
        this.log = log;
    }

    /** Starts the service without waiting for it, so that several can boot side by side. */
    public static ServiceProcess start(Launch launch, Path logFolder) {
        requireFreePort(launch);
        try {
            Files.createDirectories(logFolder);
            Path log = logFolder.resolve(launch.name() + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java));
            String options = javaOptions(launch, System.getenv());
            command.addAll(List.of(options.trim().split("\\s+")));
            command.addAll(List.of("-jar", launch.jar().toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(launch.jar().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            launch.unset().forEach(env::remove);
            env.putAll(launch.env());
            env.put("QUARKUS_HTTP_PORT", Integer.toString(launch.port()));
            return new ServiceProcess(launch, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + launch.name(), e);
        }
    }

    /** The JVM settings to start this service with: the benchmark's override for it, for all, or its manifest's. */
    static String javaOptions(Launch launch, Map<String, String> env) {
        String own = "SOCIALSYNC_" + launch.name().toUpperCase(Locale.ROOT).replace('-', '_') + "_JAVA_OPTS";
        return Optional.ofNullable(env.get(own)).or(() -> Optional.ofNullable(env.get("SOCIALSYNC_SERVICE_JAVA_OPTS")))
                .filter(options -> !options.isBlank()).orElseGet(() -> javaOptions(launch.jar()));
    }

    /**
     * The JVM settings the service's manifest gives it: {@value #JAVA_OPTIONS_PROPERTY} of the
     * {@code application.properties} packaged in its application jar ({@code quarkus-app/app/*.jar}).
     */
    public static String javaOptions(Path runJar) {
        Path appFolder = runJar.toAbsolutePath().getParent().resolve("app");
        if (!Files.isDirectory(appFolder)) {
            return DEFAULT_JAVA_OPTIONS;
        }
        try (Stream<Path> jars = Files.list(appFolder)) {
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    JarEntry entry = file.getJarEntry("application.properties");
                    if (entry == null) {
                        continue;
                    }
                    Properties properties = new Properties();
                    try (InputStream in = file.getInputStream(entry)) {
                        properties.load(in);
                    }
                    String options = properties.getProperty(JAVA_OPTIONS_PROPERTY);
                    if (options != null && !options.isBlank()) {
                        return options.trim();
                    }
                }
            }
            return DEFAULT_JAVA_OPTIONS;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the JVM settings packaged in " + appFolder, e);
        }
    }

    public String name() {
        return launch.name();
    }

    public int port() {
        return launch.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + launch.port();
    }

    public Path log() {
        return log;
    }

    /**
     * Waits until {@code /q/health/ready} answers 200. Fails early, with the end of the log, when the process exits
     * (a wrong URL or a port taken makes Quarkus stop at once, and waiting out the timeout would only hide that).
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name() + " exited with code " + process.exitValue()
                        + " before it was ready." + tailForHumans());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notListeningYet) {
                // still booting
            } catch (IOException e) {
                // a reset or timeout while the server comes up: try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name(), e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name() + " was not ready within " + timeout.toSeconds() + " s at "
                        + baseUrl() + "/q/health/ready." + tailForHumans());
            }
            sleep(POLL);
        }
    }

    /** Sends SIGTERM so that Quarkus drains requests in flight; kills the process if that takes too long. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** SIGKILL: the process dies at once, mid-work, the way a node failure or an OOM kill ends it. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The operating system's process id, e.g. to read its peak memory from {@code /proc/<pid>/status}. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The launch this process was started with, to start it again. */
    public Launch launch() {
        return launch;
    }

    /** Sends SIGTERM without waiting; pair it with {@link #stop(Duration)} to stop several services at once. */
    public void signalStop() {
        process.destroy();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    /** The last lines of the service's log. */
    public List<String> tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(log " + log + " unreadable: " + e.getMessage() + ")");
        }
    }

    private String tailForHumans() {
        return "\nLast lines of " + log + ":\n    " + String.join("\n    ", tail(TAIL_LINES));
    }

    /**
     * A port already in use would make readiness succeed against whatever holds it (often a stack started
     * earlier), so the mistake is reported before anything starts.
     */
    private static void requireFreePort(Launch launch) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(launch.port()));
        } catch (IOException e) {
            throw new IllegalStateException("Port " + launch.port() + " for " + launch.name()
                    + " is in use (is another local stack running?). Stop it or choose other ports.");
        }
    }

    /** A free TCP port, for tests and the benchmark that must not collide with a stack already running. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
