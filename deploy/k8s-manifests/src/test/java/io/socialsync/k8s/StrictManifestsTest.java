package io.socialsync.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The reader the manifest checks rely on refuses what the API server would reject or silently drop. */
class StrictManifestsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              selector:
                matchLabels:
                  app: demo
              template:
                metadata:
                  labels:
                    app: demo
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      %s:
                        httpGet:
                          path: /q/health/live
                          port: 8080
            """;

    @Test
    void readsAKnownDeployment() {
        List<HasMetadata> resources = StrictManifests.parse(DEPLOYMENT.formatted("livenessProbe"), "test");
        Deployment deployment = (Deployment) resources.get(0);
        assertEquals("/q/health/live", deployment.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getLivenessProbe().getHttpGet().getPath());
    }

    @Test
    void refusesAMisspeltFieldDeepInAContainer() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> StrictManifests.parse(DEPLOYMENT.formatted("livenessProbes"), "test"));
        assertTrue(refused.getMessage().contains("livenessProbes"), refused.getMessage());
    }

    @Test
    void refusesAKindWithoutAModel() {
        assertThrows(IllegalArgumentException.class, () -> StrictManifests
                .parse("apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: x\n", "test"));
    }

    @Test
    void syncCheckIgnoresKeyOrderAndNamesTheFirstDifference() {
        var generated = StrictManifests.documents("a: {x: 1, y: [1, 2]}\nb: 2\n", "generated").get(0);
        var reordered = StrictManifests.documents("b: 2\na: {y: [1, 2], x: 1}\n", "committed").get(0);
        var changed = StrictManifests.documents("a: {x: 1, y: [1, 3]}\nb: 2\n", "committed").get(0);
        assertTrue(GeneratedManifestsInSyncTest.firstDifference("", generated, reordered).isEmpty());
        assertEquals("/a/y/1: generated 2, committed 3",
                GeneratedManifestsInSyncTest.firstDifference("", generated, changed).orElseThrow());
    }
}
