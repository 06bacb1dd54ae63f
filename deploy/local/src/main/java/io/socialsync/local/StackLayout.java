package io.socialsync.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the project and its packaged services are on disk. The launcher runs from the repository root, from
 * {@code deploy/local} (failsafe) or anywhere below, so the root is found by walking up rather than assumed.
 */
public record StackLayout(Path root) {

    public static final String INGEST = "ingest-service";
    public static final String BATCHER = "batcher-service";
    public static final String RESPONDER = "responder-service";
    public static final List<String> SERVICES = List.of(INGEST, BATCHER, RESPONDER);

    /** The nearest folder, from the working directory up, that holds {@code mvnw} and {@code ingest-service/}. */
    public static StackLayout locate() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve(INGEST))) {
                return new StackLayout(dir);
            }
        }
        throw new IllegalStateException("Cannot find the SocialSync repository (a folder holding mvnw and "
                + INGEST + "/) from " + start + " upwards; run this from inside the repository.");
    }

    /** The Quarkus fast-jar launcher of a service. */
    public Path jar(String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Fails with the build command when any of the services has not been packaged yet. */
    public void requirePackaged(List<String> services) {
        List<Path> missing = services.stream().map(this::jar).filter(jar -> !Files.isRegularFile(jar)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Not packaged yet: " + missing
                    + "\nBuild the services first, from " + root + ":  ./mvnw package -DskipTests");
        }
    }

    /** A folder for service logs under this module's {@code target/}, created if needed. */
    public Path logFolder(String name) {
        return root.resolve("deploy/local/target").resolve(name);
    }
}
