package io.socialsync.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Reads Kubernetes YAML into the fabric8 model and refuses what the API server would not know. The fabric8 classes
 * keep unknown fields in an "additional properties" map ({@code @JsonAnySetter}) instead of failing, so this reader
 * ignores that annotation: with {@code FAIL_ON_UNKNOWN_PROPERTIES} a misspelt field (say {@code livenessProbes})
 * anywhere in a manifest fails the build.
 */
final class StrictManifests {

    /** The kinds SocialSync ships (a Secret only ever appears to prove that none is rendered). */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1/Deployment", Deployment.class,
            "v1/Service", Service.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Namespace", Namespace.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            });

    private StrictManifests() {
    }

    static List<HasMetadata> read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param source where the text came from, for the failure message
     * @throws IllegalArgumentException for a document of an unknown kind or with a field the model does not have
     */
    static List<HasMetadata> parse(String yaml, String source) {
        List<HasMetadata> resources = new ArrayList<>();
        for (JsonNode document : documents(yaml, source)) {
            String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            if (type == null) {
                throw new IllegalArgumentException(source + ": no model for " + kind + " (add it to StrictManifests)");
            }
            try {
                resources.add(YAML.treeToValue(document, type));
            } catch (IOException e) {
                throw new IllegalArgumentException(source + ": " + kind + " "
                        + document.path("metadata").path("name").asText() + " is not valid: " + e.getMessage(), e);
            }
        }
        return resources;
    }

    /** The YAML documents of a file as trees (empty documents skipped), for comparisons that ignore key order. */
    static List<JsonNode> documents(String yaml, String source) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T named(List<HasMetadata> resources, Class<T> type, String name) {
        return ofKind(resources, type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }
}
