package io.socialsync.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * What an operator applies: the base and every overlay rendered by {@code kubectl kustomize} (skipped where kubectl
 * is not installed), parsed strictly, and the kustomizations' own settings checked for secrets.
 */
class KustomizeRenderTest {

    static Stream<Path> kustomizations() throws IOException {
        Path overlays = Repository.k8s().resolve("overlays");
        try (Stream<Path> folders = Files.list(overlays)) {
            return Stream.concat(Stream.of(Repository.k8s().resolve("base")),
                    folders.filter(f -> Files.isRegularFile(f.resolve("kustomization.yaml"))).sorted().toList()
                            .stream());
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void rendersToValidManifestsWithSecretsOnlyByReference(Path kustomization) throws Exception {
        String kubectl = kubectl();
        assumeTrue(kubectl != null, "kubectl is not installed: kustomize rendering not checked");
        List<HasMetadata> rendered = StrictManifests.parse(render(kubectl, kustomization), kustomization.toString());

        assertTrue(rendered.stream().noneMatch(Secret.class::isInstance), "a Secret was rendered: secret values "
                + "never live in deploy/k8s; operators create them (deploy/README.md)");
        List<ConfigMap> configMaps = StrictManifests.ofKind(rendered, ConfigMap.class);
        assertEquals(1, configMaps.size(), "one ConfigMap of settings");
        ConfigMap settings = configMaps.get(0);
        for (String key : settings.getData().keySet()) {
            assertFalse(SocialSyncService.Secrets.looksSecret(key), key + " belongs in a Secret, not the ConfigMap");
        }

        List<Deployment> deployments = StrictManifests.ofKind(rendered, Deployment.class);
        assertEquals(Set.of("ingest-service", "batcher-service", "responder-service"),
                deployments.stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet()));
        for (Deployment deployment : deployments) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertTrue(container.getEnvFrom().stream().anyMatch(e -> e.getConfigMapRef() != null
                    && settings.getMetadata().getName().equals(e.getConfigMapRef().getName())),
                    deployment.getMetadata().getName() + " reads the rendered (hash-suffixed) ConfigMap");
        }
        for (HasMetadata resource : rendered) {
            String namespace = resource.getMetadata().getNamespace();
            boolean overlay = !kustomization.getFileName().toString().equals("base");
            assertTrue(!overlay || resource instanceof io.fabric8.kubernetes.api.model.Namespace
                    || namespace != null,
                    resource.getKind() + " " + resource.getMetadata().getName()
                            + " has no namespace in overlay " + kustomization);
        }
    }

    @Test
    void kustomizationsPutNoSecretInAConfigMapGenerator() throws IOException {
        for (Path folder : kustomizations().toList()) {
            Path file = folder.resolve("kustomization.yaml");
            JsonNode kustomization = StrictManifests.documents(Files.readString(file), file.toString()).get(0);
            assertTrue(kustomization.path("secretGenerator").isMissingNode(),
                    file + ": no secretGenerator, its values would sit in the repository");
            for (JsonNode generator : kustomization.path("configMapGenerator")) {
                for (JsonNode literal : generator.path("literals")) {
                    String key = literal.asText().split("=", 2)[0];
                    assertFalse(SocialSyncService.Secrets.looksSecret(key), file + ": " + key + " is a secret");
                }
            }
        }
    }

    @Test
    void overlaysPointTheImagesAtARegistry() throws IOException {
        for (Path folder : kustomizations().filter(f -> !f.endsWith("base")).toList()) {
            Path file = folder.resolve("kustomization.yaml");
            JsonNode kustomization = StrictManifests.documents(Files.readString(file), file.toString()).get(0);
            Map<String, String> images = new java.util.TreeMap<>();
            for (JsonNode image : kustomization.path("images")) {
                images.put(image.path("name").asText(), image.path("newName").asText());
            }
            assertEquals(Set.of("socialsync/ingest-service", "socialsync/batcher-service",
                    "socialsync/responder-service"), images.keySet(), file + ": every image placed");
        }
    }

    private static String render(String kubectl, Path kustomization) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl, "kustomize", kustomization.toString())
                .redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize timed out");
        assertEquals(0, process.exitValue(), "kubectl kustomize " + kustomization + " failed: " + err);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
