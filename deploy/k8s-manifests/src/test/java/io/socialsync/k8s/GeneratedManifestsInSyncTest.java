package io.socialsync.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * deploy/k8s/base/&lt;service&gt;/kubernetes.yml is a committed copy of what quarkus-kubernetes generates, so that an
 * operator applies it without building. This test keeps the copy honest: after the service was packaged in the same
 * build, the two must hold the same resources with the same content (key order aside, which Quarkus does not keep
 * stable).
 */
class GeneratedManifestsInSyncTest {

    @ParameterizedTest
    @EnumSource(SocialSyncService.class)
    void committedBaseEqualsWhatQuarkusGenerates(SocialSyncService service) throws IOException {
        Path generated = Repository.generatedManifest(service.name);
        assumeTrue(Files.isRegularFile(generated), generated + " not built in this run (package the service first)");
        Path committed = Repository.baseManifest(service.name);

        Map<String, JsonNode> expected = byKindAndName(generated);
        Map<String, JsonNode> actual = byKindAndName(committed);
        Set<String> resources = new TreeSet<>(expected.keySet());
        resources.addAll(actual.keySet());
        List<String> differences = new ArrayList<>();
        for (String resource : resources) {
            firstDifference(resource, expected.get(resource), actual.get(resource)).ifPresent(differences::add);
        }
        assertTrue(differences.isEmpty(), () -> committed + " differs from what Quarkus generates (" + generated
                + "):\n  " + String.join("\n  ", differences) + "\nAfter changing application.properties or "
                + "src/main/kubernetes, run deploy/k8s/refresh-base.sh and commit the refreshed copies.");
    }

    /** The first path at which two trees differ, with both values; empty when equal (object key order aside). */
    static Optional<String> firstDifference(String path, JsonNode expected, JsonNode actual) {
        if (Objects.equals(expected, actual)) {
            return Optional.empty();
        }
        if (expected != null && actual != null && expected.isObject() && actual.isObject()) {
            Set<String> fields = new TreeSet<>();
            expected.fieldNames().forEachRemaining(fields::add);
            actual.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                Optional<String> difference = firstDifference(path + "/" + field, expected.get(field),
                        actual.get(field));
                if (difference.isPresent()) {
                    return difference;
                }
            }
        }
        if (expected != null && actual != null && expected.isArray() && actual.isArray()
                && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                Optional<String> difference = firstDifference(path + "/" + i, expected.get(i), actual.get(i));
                if (difference.isPresent()) {
                    return difference;
                }
            }
        }
        return Optional.of(path + ": generated " + expected + ", committed " + actual);
    }

    private static Map<String, JsonNode> byKindAndName(Path file) throws IOException {
        Map<String, JsonNode> resources = new TreeMap<>();
        for (JsonNode document : StrictManifests.documents(Files.readString(file), file.toString())) {
            resources.put(document.path("kind").asText() + "/" + document.path("metadata").path("name").asText(),
                    document);
        }
        return resources;
    }
}
