package io.socialsync.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, wherever the test runs from. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        String configured = System.getProperty("socialsync.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/k8s/base/kustomization.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("deploy/k8s/base/kustomization.yaml not found above " + start);
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    /** The committed copy of what quarkus-kubernetes generates for {@code service}. */
    static Path baseManifest(String service) {
        return k8s().resolve("base").resolve(service).resolve("kubernetes.yml");
    }

    /** What the last package of {@code service} generated. */
    static Path generatedManifest(String service) {
        return root().resolve(service).resolve("target/kubernetes/kubernetes.yml");
    }

    static Path applicationProperties(String service) {
        return root().resolve(service).resolve("src/main/resources/application.properties");
    }
}
