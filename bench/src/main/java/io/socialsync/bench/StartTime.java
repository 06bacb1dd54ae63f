package io.socialsync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.socialsync.local.LocalSettings;
import io.socialsync.local.ServiceProcess;
import io.socialsync.local.StackLayout;
import io.socialsync.testsupport.RealServers;

/**
 * How long each packaged service takes from {@code java} to ready ({@code /q/health/ready} answering 200), with the
 * JVM options of its manifest, against the configured or embedded PostgreSQL and Redis: several starts each, on
 * the JVM running this benchmark. On JDK 25 or newer (the images' JDK) it then trains an ahead-of-time cache the way
 * the image build does ({@code src/main/docker/Dockerfile.jvm}: a start with nothing to connect to) and measures the
 * same starts with it. Prints every start, the medians, their ratio to the 3 s goal and the cache's ratio to none.
 */
public final class StartTime {

    private static final Duration GOAL = Duration.ofSeconds(3);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** The image build's {@code timeout} for a training run that does not end by itself. */
    private static final Duration TRAINING_LIMIT = Duration.ofSeconds(30);
    private static final Pattern QUARKUS_STARTED = Pattern.compile("started in (\\d+\\.\\d+)s");
    private static final Pattern COLLECTOR = Pattern.compile("-XX:\\+Use\\w+GC");
    /** What the image build gives its training run: a closed port for PostgreSQL and Redis, a throw-away key. */
    private static final Map<String, String> TRAINING_ENVIRONMENT = Map.of(
            "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:9/training",
            "QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:9",
            "SOCIALSYNC_CRYPTO_KEYS", "training:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

    private record Start(long readyMillis, double quarkusSeconds, long rssMiB) {
    }

    private record Variant(String service, String name, List<Start> starts) {

        long medianMillis() {
            long[] sorted = starts.stream().mapToLong(Start::readyMillis).sorted().toArray();
            return sorted[sorted.length / 2];
        }
    }

    private StartTime() {
    }

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        StackLayout layout = StackLayout.locate();
        layout.requirePackaged(StackLayout.SERVICES);
        int jdk = Runtime.version().feature();
        System.out.printf("JDK %s (%s); starting PostgreSQL and Redis (embedded unless configured)...%n",
                Runtime.version(), System.getProperty("java.home"));
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "ERROR"));
        Map<String, String> env = new LinkedHashMap<>(RealServers.environment());
        env.putAll(LocalSettings.resolve(System.getenv(), "http://127.0.0.1:9").serviceEnvironment());
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        Path work = Files.createTempDirectory("socialsync-start-time");
        System.out.println("Logs and caches in " + work);

        // The first start of a service that migrates applies the schema: not a start to measure.
        start(layout, StackLayout.INGEST, env, List.of(), work.resolve("migration.log"));

        List<Variant> variants = new ArrayList<>();
        for (String service : StackLayout.SERVICES) {
            variants.add(measure(layout, service, "manifest options", starts, env, List.of(), work));
            if (jdk >= 25) {
                Path cache = train(layout, service, work);
                variants.add(measure(layout, service, "with its AOT cache", starts, env,
                        List.of("-XX:AOTCache=" + cache), work));
            }
        }

        System.out.printf("%nStart, java to ready (goal <= %d s):%n", GOAL.toSeconds());
        boolean met = true;
        for (String service : StackLayout.SERVICES) {
            List<Variant> ofService = variants.stream().filter(variant -> variant.service().equals(service))
                    .toList();
            for (Variant variant : ofService) {
                System.out.printf("  %-18s %-20s median %5d ms (%.2f of the goal); starts %s ms; Quarkus said %s s;"
                        + " RSS at ready %s MiB%n", service, variant.name(), variant.medianMillis(),
                        variant.medianMillis() / (double) GOAL.toMillis(),
                        variant.starts().stream().map(start -> Long.toString(start.readyMillis())).toList(),
                        variant.starts().stream().map(start -> String.format("%.2f", start.quarkusSeconds())).toList(),
                        variant.starts().stream().map(start -> Long.toString(start.rssMiB())).toList());
            }
            if (ofService.size() > 1) {
                System.out.printf("  %-18s AOT cache / none: %.2f%n", service,
                        ofService.get(1).medianMillis() / (double) ofService.get(0).medianMillis());
            }
            met &= ofService.get(ofService.size() - 1).medianMillis() <= GOAL.toMillis();
        }
        if (jdk < 25) {
            System.out.printf("  (JDK %d: the ahead-of-time cache needs JDK 25, the images' JDK; run with "
                    + "BENCH_JAVA=<JDK 25>/bin/java to measure it)%n", jdk);
        }
        System.exit(met ? 0 : 1);
    }

    private static Variant measure(StackLayout layout, String service, String name, int count,
            Map<String, String> env, List<String> extraOptions, Path work) throws Exception {
        List<Start> starts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String slug = name.replaceAll("\\W+", "-");
            Start start = start(layout, service, env, extraOptions, work.resolve(service + "-" + slug + "-" + i
                    + ".log"));
            System.out.printf("  %s, %s, start %d: ready in %d ms, RSS %d MiB%n", service, name, i,
                    start.readyMillis(), start.rssMiB());
            starts.add(start);
        }
        return new Variant(service, name, starts);
    }

    /** One start: launch to {@code /q/health/ready} 200, then SIGTERM and wait for the exit. */
    private static Start start(StackLayout layout, String service, Map<String, String> env,
            List<String> extraOptions, Path log) throws Exception {
        Path jar = layout.jar(service);
        int port = ServiceProcess.freePort();
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(options(ServiceProcess.javaOptions(jar)));
        command.addAll(extraOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long launched = System.nanoTime();
        Process process = builder.start();
        try {
            while (!isReady(http, ready)) {
                if (!process.isAlive() || System.nanoTime() - launched > READY_TIMEOUT.toNanos()) {
                    throw new IllegalStateException(service + " did not become ready; its log: " + log);
                }
                Thread.sleep(10);
            }
            long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
            long rss = ProcessMemory.rssKb(process.pid()) >> 10;
            stop(process);
            return new Start(readyMillis, quarkusSeconds(log), rss);
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * The image build's training run ({@code Dockerfile.jvm}): the manifest's collector (a cache written under
     * another is ignored), nothing to connect to, the cache written when the JVM exits.
     */
    private static Path train(StackLayout layout, String service, Path work) throws Exception {
        Path jar = layout.jar(service);
        Path cache = work.resolve(service + ".aot");
        Matcher collector = COLLECTOR.matcher(ServiceProcess.javaOptions(jar));
        List<String> command = new ArrayList<>(List.of(java()));
        if (collector.find()) {
            command.add(collector.group());
        }
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-jar", jar.toString()));
        Path log = work.resolve(service + "-training.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("SOCIALSYNC_"));
        builder.environment().putAll(TRAINING_ENVIRONMENT);
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(TRAINING_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            stop(process);
        }
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            throw new IllegalStateException("no AOT cache from the training run of " + service + "; its log: " + log);
        }
        System.out.printf("  %s: AOT cache trained in %d ms, %d MiB%n", service,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), Files.size(cache) >> 20);
        return cache;
    }

    private static boolean isReady(HttpClient http, HttpRequest ready) {
        try {
            return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as Kubernetes stops a pod; the JVM writes an AOT cache being trained on this exit. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static double quarkusSeconds(Path log) throws IOException {
        Matcher matcher = QUARKUS_STARTED.matcher(Files.readString(log));
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> options(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(option -> !option.isEmpty()).toList();
    }
}
