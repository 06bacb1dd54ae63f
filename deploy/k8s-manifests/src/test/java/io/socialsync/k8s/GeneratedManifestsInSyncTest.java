package io.socialsync.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

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

        assertEquals(byKindAndName(generated), byKindAndName(committed), () -> committed
                + " differs from what Quarkus generates. After changing application.properties or "
                + "src/main/kubernetes, refresh the committed copies with deploy/k8s/refresh-base.sh and commit them.");
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
