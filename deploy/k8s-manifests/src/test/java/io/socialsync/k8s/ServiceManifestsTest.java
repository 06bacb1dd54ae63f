package io.socialsync.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** The committed base manifests of each service, parsed strictly, against what operating SocialSync needs. */
class ServiceManifestsTest {

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void probesWatchTheHealthEndpointsOnTheServicePort(SocialSyncService service) {
        Container container = container(service);
        assertEquals(service.port, container.getPorts().get(0).getContainerPort(), "container port");

        Probe liveness = container.getLivenessProbe();
        Probe readiness = container.getReadinessProbe();
        Probe startup = container.getStartupProbe();
        assertHttpProbe(service, liveness, "/q/health/live");
        assertHttpProbe(service, readiness, "/q/health/ready");
        assertHttpProbe(service, startup, "/q/health/started");

        assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() >= 60,
                "a start (JVM, Flyway) gets at least a minute before the kubelet gives up");
        assertTrue(liveness.getFailureThreshold() >= 3, "one slow answer must not restart a pod");
        assertTrue(liveness.getTimeoutSeconds() >= 1 && readiness.getTimeoutSeconds() >= 1, "probe timeouts");
        assertTrue(readiness.getPeriodSeconds() <= liveness.getPeriodSeconds(),
                "readiness reacts at least as fast as liveness");
    }

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void requestsAndLimitsAreSetAndConsistent(SocialSyncService service) {
        ResourceRequirements resources = container(service).getResources();
        assertNotNull(resources, "resources");
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = resources.getRequests().get(resource);
            Quantity limit = resources.getLimits().get(resource);
            assertNotNull(request, resource + " request");
            assertNotNull(limit, resource + " limit");
            assertTrue(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0,
                    resource + " request " + request + " above limit " + limit);
        }
    }

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void settingsComeFromTheConfigMapAndSecretsOnlyByReference(SocialSyncService service) {
        Container container = container(service);
        List<EnvFromSource> envFrom = container.getEnvFrom();
        assertEquals(List.of(SocialSyncService.Secrets.CONFIG_MAP),
                envFrom.stream().filter(e -> e.getConfigMapRef() != null).map(e -> e.getConfigMapRef().getName())
                        .toList());
        assertEquals(service.secrets,
                envFrom.stream().filter(e -> e.getSecretRef() != null).map(e -> e.getSecretRef().getName())
                        .toList());
        for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
            assertFalse(SocialSyncService.Secrets.looksSecret(env.getName()) && env.getValue() != null,
                    env.getName() + " has a literal value in the manifest");
        }
        assertTrue(resources(service).stream().noneMatch(Secret.class::isInstance), "no Secret in the manifests");
    }

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void theServiceSelectsThisDeploymentsPodsAndNoOthers(SocialSyncService service) {
        Deployment deployment = deployment(service);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Service svc = StrictManifests.named(resources(service), Service.class, service.name);
        Map<String, String> selector = svc.getSpec().getSelector();

        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()),
                "Service selector " + selector + " must match the pod labels " + podLabels);
        assertEquals(service.name, selector.get("app.kubernetes.io/name"), "selects by service name");
        assertFalse(selector.containsKey("app.kubernetes.io/version"),
                "a version in the selector would drop old pods from the Service mid-rollout");
        assertTrue(podLabels.entrySet().containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()),
                "the Deployment selects its own pods");
        for (SocialSyncService other : SocialSyncService.values()) {
            if (other != service) {
                Map<String, String> otherPods = deployment(other).getSpec().getTemplate().getMetadata().getLabels();
                assertFalse(otherPods.entrySet().containsAll(selector.entrySet()),
                        service.name + "'s Service would also select " + other.name + "'s pods");
            }
        }
        ServicePort port = svc.getSpec().getPorts().get(0);
        assertEquals(service.port, port.getTargetPort().getIntVal(), "the Service forwards to the container port");
    }

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void podsAreAnnotatedForPrometheus(SocialSyncService service) {
        Map<String, String> annotations = deployment(service).getSpec().getTemplate().getMetadata()
                .getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
        assertEquals(String.valueOf(service.port), annotations.get("prometheus.io/port"));
    }

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void terminationLeavesTimeForTheDrainAndTheShutdownTimeout(SocialSyncService service) throws IOException {
        PodTemplateSpec pod = deployment(service).getSpec().getTemplate();
        Container container = container(service);
        long preStop = 0;
        if (service.drainsTraffic) {
            assertNotNull(container.getLifecycle(), "a webhook receiver drains before it stops");
            List<String> command = container.getLifecycle().getPreStop().getExec().getCommand();
            assertEquals("sleep", command.get(0), "preStop waits while the endpoints are removed");
            preStop = Long.parseLong(command.get(1));
            assertTrue(preStop >= 3, "long enough for the endpoints to be removed everywhere");
        }
        Duration delay = Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of()).stream()
                .filter(e -> "QUARKUS_SHUTDOWN_DELAY".equals(e.getName())).findFirst()
                .map(e -> Duration.parse("PT" + e.getValue().toUpperCase())).orElse(Duration.ZERO);
        if (service.drainsTraffic) {
            assertTrue(delay.toSeconds() > 0, "readiness turns DOWN before ingest stops taking webhooks");
            assertEquals("true", properties(service).getProperty("quarkus.shutdown.delay-enabled"),
                    "QUARKUS_SHUTDOWN_DELAY only works with quarkus.shutdown.delay-enabled at build time");
        }
        Duration timeout = Duration
                .parse("PT" + properties(service).getProperty("quarkus.shutdown.timeout").toUpperCase());
        long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        assertTrue(grace > preStop + delay.toSeconds() + timeout.toSeconds(), "terminationGracePeriodSeconds "
                + grace + " must exceed preStop " + preStop + " + delay " + delay + " + shutdown timeout " + timeout);
    }

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void scalingAndDisruptionBudgets(SocialSyncService service) {
        Deployment deployment = deployment(service);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(deployment.getSpec().getReplicas() >= 2, "no single point of failure");
        assertZero(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable(),
                "a rollout never lowers capacity");
        assertValidIntOrPercent(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge(), "maxSurge");

        PodDisruptionBudget budget = StrictManifests.named(resources(service), PodDisruptionBudget.class,
                service.name);
        assertTrue(podLabels.entrySet().containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()),
                "the PodDisruptionBudget covers this Deployment's pods");
        assertTrue(budget.getSpec().getMinAvailable().getIntVal() < deployment.getSpec().getReplicas(),
                "a node drain can still evict one pod at a time");

        List<HorizontalPodAutoscaler> autoscalers = StrictManifests.ofKind(resources(service),
                HorizontalPodAutoscaler.class);
        if (!service.autoscaled) {
            assertTrue(autoscalers.isEmpty(), service.name + " scales by replicas (consumer group), not by an HPA");
            return;
        }
        assertEquals(1, autoscalers.size());
        HorizontalPodAutoscaler hpa = autoscalers.get(0);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(service.name, hpa.getSpec().getScaleTargetRef().getName());
        assertEquals(deployment.getSpec().getReplicas(), hpa.getSpec().getMinReplicas(),
                "applying the manifests again must not shrink an autoscaled Deployment below the HPA's minimum");
        assertTrue(hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());
        assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
        assertNotNull(container(service).getResources().getRequests().get("cpu"),
                "CPU utilisation is measured against the request");
    }

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void imageIsNamedAfterTheServiceWithoutARegistry(SocialSyncService service) {
        String image = container(service).getImage();
        assertTrue(image.startsWith("socialsync/" + service.name + ":"),
                "overlays rewrite socialsync/<service> with kustomize images: " + image);
        assertTrue(deployment(service).getSpec().getTemplate().getSpec().getInitContainers().isEmpty(),
                "no init Job to wait for: every replica migrates at start");
    }

    /** The API server takes an int, or a string only as a percentage ("0" as a string is refused). */
    private static void assertValidIntOrPercent(IntOrString value, String what) {
        assertTrue(value.getIntVal() != null || value.getStrVal().matches("\\d+%"), what + " " + value.getStrVal()
                + " is neither an int nor a percentage");
    }

    private static void assertZero(IntOrString value, String what) {
        assertValidIntOrPercent(value, what);
        assertTrue(value.getIntVal() != null ? value.getIntVal() == 0 : value.getStrVal().equals("0%"), what);
    }

    /** Code cache, thread stacks, the compiler's arenas and the JVM's own: measured about 90 MiB under load. */
    private static final long NON_HEAP_ALLOWANCE_MIB = 96;

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void theJvmIsSizedForItsMemoryLimitAndExitsWhenOutOfMemory(SocialSyncService service) {
        Container container = container(service);
        String options = javaOptions(container, service);
        assertTrue(options.contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager"),
                "the image's own option is kept: " + options);
        assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"), options);
        long heap = mebibytes(options, "-Xmx(\\d+)m");
        long metaspace = mebibytes(options, "-XX:MaxMetaspaceSize=(\\d+)m");
        long limit = container.getResources().getLimits().get("memory").getNumericalAmount()
                .divide(BigDecimal.valueOf(1024 * 1024)).longValue();
        assertTrue(heap + metaspace + NON_HEAP_ALLOWANCE_MIB <= limit, "heap " + heap + " MiB + metaspace "
                + metaspace + " MiB + " + NON_HEAP_ALLOWANCE_MIB + " MiB must fit the limit of " + limit + " MiB");
    }

    /**
     * The image trains the JVM's ahead-of-time cache and every start uses it; a cache written under another collector
     * than the one the manifest chooses would be ignored, silently costing the start what it was built to save.
     */
    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void theImageTrainsItsStartCacheWithTheManifestsCollector(SocialSyncService service) throws IOException {
        String options = javaOptions(container(service), service);
        String dockerfile = Files.readString(
                Repository.root().resolve(service.name).resolve("src/main/docker/Dockerfile.jvm"));
        Matcher collector = Pattern.compile("-XX:\\+Use\\w+GC").matcher(options);
        assertTrue(collector.find(), "the manifest chooses a collector: " + options);
        Matcher training = Pattern.compile("java ([^\\n]*)-XX:AOTCacheOutput=app\\.aot").matcher(dockerfile);
        assertTrue(training.find(), "the image trains app.aot");
        assertTrue(training.group(1).contains(collector.group()),
                "trained with " + collector.group() + " as the manifest runs: " + training.group());
        assertTrue(dockerfile.contains("JDK_JAVA_OPTIONS=\"-XX:AOTCache=/deployments/app.aot\""),
                "every start uses the cache");
        assertTrue(dockerfile.contains("openjdk-25-runtime"), "the cache needs JDK 24 or newer (JDK 25 here)");
    }

    /**
     * With a young generation as large as the initial heap, JDK 25 cannot place the AOT cache's archived objects in the
     * old generation and, since the cache links classes ahead of time, refuses to start at all.
     */
    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void aFixedYoungGenerationLeavesTheInitialOldGenerationRoomForTheStartCache(SocialSyncService service) {
        String options = javaOptions(container(service), service);
        Matcher young = Pattern.compile("-Xmn(\\d+)m").matcher(options);
        if (young.find()) {
            long initial = mebibytes(options, "-Xms(\\d+)m");
            assertTrue(initial >= Long.parseLong(young.group(1)) + 16,
                    "-Xms must exceed -Xmn by at least 16 MiB: " + options);
        }
    }

    private static String javaOptions(Container container, SocialSyncService service) {
        return Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of()).stream()
                .filter(env -> "JAVA_OPTS_APPEND".equals(env.getName())).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("JAVA_OPTS_APPEND sets the JVM of " + service.name));
    }

    private static long mebibytes(String options, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(options);
        assertTrue(matcher.find(), pattern + " in " + options);
        return Long.parseLong(matcher.group(1));
    }

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void logsAreJsonInEveryProfileButDev(SocialSyncService service) throws IOException {
        Properties properties = properties(service);
        assertEquals("true", properties.getProperty("quarkus.log.console.json.enabled"), "JSON lines in the cluster");
        assertEquals("false", properties.getProperty("%dev.quarkus.log.console.json.enabled"), "plain text in dev");
        assertNull(properties.getProperty("%test.quarkus.log.console.json.enabled"),
                "tests log the JSON fields the cluster gets, so a test can read what an operator will");
    }

    private static void assertHttpProbe(SocialSyncService service, Probe probe, String path) {
        assertNotNull(probe, path + " probe");
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals(service.port, probe.getHttpGet().getPort().getIntVal(), path + " port");
    }

    private static List<HasMetadata> resources(SocialSyncService service) {
        return StrictManifests.read(Repository.baseManifest(service.name));
    }

    private static Deployment deployment(SocialSyncService service) {
        return StrictManifests.named(resources(service), Deployment.class, service.name);
    }

    private static Container container(SocialSyncService service) {
        List<Container> containers = deployment(service).getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), "one container per pod");
        return containers.get(0);
    }

    private static Properties properties(SocialSyncService service) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Repository.applicationProperties(service.name))) {
            properties.load(reader);
        }
        return properties;
    }
}
