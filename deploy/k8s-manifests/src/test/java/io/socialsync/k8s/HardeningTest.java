package io.socialsync.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

/**
 * Deployment hardening (issue 14): each service gets only the Secrets it reads; pods run without an API token, under
 * the runtime's seccomp filter, on a read-only root file system; network policies let the internet reach the
 * webhooks only, the admin API only where the operator allows, and the datastores only from the services.
 */
class HardeningTest {

    private static final String INGRESS_LABEL = "socialsync.io/ingress";
    private static final String ADMIN_LABEL = "socialsync.io/admin-access";

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void podsRunWithoutAnApiTokenUnderSeccompOnAReadOnlyRootFileSystem(SocialSyncService service) {
        PodSpec pod = deployment(service).getSpec().getTemplate().getSpec();
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "no service-account token mounted");
        assertNotNull(pod.getSecurityContext(), "pod security context");
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        Container container = pod.getContainers().get(0);
        assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem(), "read-only root");
        assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(container.getSecurityContext().getCapabilities().getDrop().contains("ALL"));
        String tmp = container.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath()))
                .map(m -> m.getName()).findFirst().orElseThrow(() -> new AssertionError("a writable /tmp"));
        Volume volume = pod.getVolumes().stream().filter(v -> tmp.equals(v.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getEmptyDir(), "/tmp is an emptyDir, not a host path");
    }

    /** The split of Secrets follows what each service's configuration reads. */
    @Test
    void eachServiceGetsOnlyTheSecretsItReads() throws IOException {
        String ingest = Files.readString(Repository.applicationProperties("ingest-service"));
        String batcher = Files.readString(Repository.applicationProperties("batcher-service"));
        String responder = Files.readString(Repository.applicationProperties("responder-service"));
        for (String responderOnly : List.of("SOCIALSYNC_ADMIN_API_KEY", "SOCIALSYNC_AI_API_KEY")) {
            assertTrue(responder.contains(responderOnly), responderOnly + " is read by the responder");
            assertFalse(ingest.contains(responderOnly) || batcher.contains(responderOnly),
                    responderOnly + " is read by the responder alone");
        }
        for (String ingestOnly : List.of("WHATSAPP_WEBHOOK_SECRET", "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_ACCESS_TOKEN",
                "INSTAGRAM_WEBHOOK_SECRET")) {
            assertTrue(ingest.contains(ingestOnly), ingestOnly + " is read by ingest");
            assertFalse(responder.contains("${" + ingestOnly) || batcher.contains("${" + ingestOnly),
                    ingestOnly + " is read by ingest alone");
        }
        assertFalse(batcher.contains("datasource.reactive.url"), "the batcher uses no PostgreSQL");

        assertEquals(List.of(SocialSyncService.Secrets.REDIS), SocialSyncService.BATCHER.secrets);
        for (SocialSyncService service : SocialSyncService.values()) {
            List<String> referenced = deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getEnvFrom().stream().filter(e -> e.getSecretRef() != null)
                    .map(e -> e.getSecretRef().getName()).toList();
            assertEquals(service.secrets, referenced, service.name);
        }
        assertFalse(SocialSyncService.INGEST.secrets.contains(SocialSyncService.Secrets.RESPONDER));
        assertFalse(SocialSyncService.RESPONDER.secrets.contains(SocialSyncService.Secrets.INGEST));
    }

    @Test
    void everySocialSyncPodDeniesWhatNoPolicyAllows() {
        NetworkPolicy deny = policy("socialsync-default-deny");
        assertEquals(Map.of("app.kubernetes.io/part-of", "socialsync"), deny.getSpec().getPodSelector()
                .getMatchLabels());
        assertEquals(List.of("Ingress"), deny.getSpec().getPolicyTypes());
        assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty());
        for (SocialSyncService service : SocialSyncService.values()) {
            assertEquals("socialsync", deployment(service).getSpec().getTemplate().getMetadata().getLabels()
                    .get("app.kubernetes.io/part-of"), service.name + " pods carry the label the policies select");
        }
    }

    @Test
    void webhooksComeFromTheIngressControllerAndTheAdminApiOnlyFromWhereTheOperatorAllows() {
        List<NetworkPolicy> policies = policies();
        // Who may reach each service's port, apart from Prometheus.
        Map<String, Set<String>> reach = Map.of(
                "ingest-service", peersOf(policies, "ingest-service", 8081),
                "responder-service", peersOf(policies, "responder-service", 8083),
                "batcher-service", peersOf(policies, "batcher-service", 8082));
        assertEquals(Set.of("namespace:" + INGRESS_LABEL), reach.get("ingest-service"));
        assertEquals(Set.of("namespace:" + ADMIN_LABEL, "pod:" + ADMIN_LABEL), reach.get("responder-service"));
        assertEquals(Set.of(), reach.get("batcher-service"), "the batcher takes no traffic");
    }

    @Test
    void theDatastoresTakeConnectionsOnlyFromTheServicesThatUseThem() {
        assertEquals(Set.of("ingest-service", "responder-service"), allowedApps(policy("postgresql-from-socialsync"),
                "postgresql", 5432));
        assertEquals(Set.of("ingest-service", "batcher-service", "responder-service"),
                allowedApps(policy("redis-from-socialsync"), "redis", 6379));
    }

    /** Only /webhooks of ingest is published; /admin and every /q/* endpoint stay in the cluster. */
    @Test
    void onlyTheWebhooksArePublished() throws IOException {
        List<Ingress> ingresses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repository.k8s())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().startsWith("kustomization")).toList()) {
                if (Files.readString(file).contains("kind: Ingress")) {
                    ingresses.addAll(StrictManifests.ofKind(StrictManifests.read(file), Ingress.class));
                }
            }
        }
        assertFalse(ingresses.isEmpty(), "the example overlay shows the Ingress to use");
        for (Ingress ingress : ingresses) {
            assertEquals(null, ingress.getSpec().getDefaultBackend(), "no default backend: unknown paths go nowhere");
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    assertEquals("ingest-service", path.getBackend().getService().getName(), "only ingest");
                    assertTrue(path.getPath().equals("/webhooks") || path.getPath().startsWith("/webhooks/"),
                            path.getPath() + " is not a webhook path");
                }
            }
        }
        for (SocialSyncService service : SocialSyncService.values()) {
            Service kubeService = StrictManifests.named(StrictManifests.read(Repository.baseManifest(service.name)),
                    Service.class, service.name);
            String type = kubeService.getSpec().getType();
            assertTrue(type == null || type.equals("ClusterIP"), service.name + " is not published by its Service");
        }
    }

    private static Set<String> peersOf(List<NetworkPolicy> policies, String app, int port) {
        Set<String> peers = new java.util.TreeSet<>();
        for (NetworkPolicy policy : policies) {
            if (!selects(policy.getSpec().getPodSelector(), app) || policy.getSpec().getIngress() == null) {
                continue;
            }
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                boolean onPort = rule.getPorts() == null || rule.getPorts().isEmpty()
                        || rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port);
                if (!onPort) {
                    continue;
                }
                assertNotNull(rule.getFrom(), policy.getMetadata().getName() + ": an ingress rule names its peers");
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    String label = peer.getNamespaceSelector() != null
                            ? "namespace:" + single(peer.getNamespaceSelector())
                            : "pod:" + single(peer.getPodSelector());
                    if (!label.equals("namespace:socialsync.io/monitoring")) {
                        peers.add(label);
                    }
                }
            }
        }
        return peers;
    }

    private static Set<String> allowedApps(NetworkPolicy policy, String app, int port) {
        assertEquals(app, policy.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));
        assertEquals(1, policy.getSpec().getIngress().size());
        NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
        assertEquals(List.of(port), rule.getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        assertEquals(1, rule.getFrom().size());
        NetworkPolicyPeer peer = rule.getFrom().get(0);
        assertEquals(null, peer.getNamespaceSelector(), "from this namespace only");
        var expression = peer.getPodSelector().getMatchExpressions().get(0);
        assertEquals("app.kubernetes.io/name", expression.getKey());
        assertEquals("In", expression.getOperator());
        return Set.copyOf(expression.getValues());
    }

    private static boolean selects(LabelSelector selector, String app) {
        Map<String, String> labels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return app.equals(labels.get("app.kubernetes.io/name"))
                || "socialsync".equals(labels.get("app.kubernetes.io/part-of"));
    }

    private static String single(LabelSelector selector) {
        assertEquals(1, selector.getMatchLabels().size(), "one label per peer");
        Map.Entry<String, String> label = selector.getMatchLabels().entrySet().iterator().next();
        assertEquals("true", label.getValue());
        return label.getKey();
    }

    private static List<NetworkPolicy> policies() {
        return StrictManifests.ofKind(StrictManifests.read(Repository.k8s().resolve("base/network-policies.yaml")),
                NetworkPolicy.class);
    }

    private static NetworkPolicy policy(String name) {
        return policies().stream().filter(p -> name.equals(p.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no NetworkPolicy " + name));
    }

    private static Deployment deployment(SocialSyncService service) {
        return StrictManifests.named(StrictManifests.read(Repository.baseManifest(service.name)), Deployment.class,
                service.name);
    }

    static Set<String> names(List<? extends HasMetadata> resources) {
        return resources.stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
    }
}
