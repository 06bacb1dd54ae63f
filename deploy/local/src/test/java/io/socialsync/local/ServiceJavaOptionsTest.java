package io.socialsync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack and the benchmarks start each service with the JVM settings its Kubernetes manifest gives it, read
 * from the packaged service, not from a second copy kept by hand.
 */
class ServiceJavaOptionsTest {

    @TempDir
    Path folder;

    @Test
    void theSettingsAreThoseThePackagedServicePassesToItsManifest() throws IOException {
        Path runJar = quarkusApp("""
                quarkus.http.port=8083
                quarkus.kubernetes.env.vars.java-opts-append=-XX:+UseSerialGC -Xmx96m \\
                  -XX:TieredStopAtLevel=1
                """);

        assertEquals("-XX:+UseSerialGC -Xmx96m -XX:TieredStopAtLevel=1", ServiceProcess.javaOptions(runJar));
    }

    @Test
    void aServiceThatNamesNoSettingsGetsTheDefaults() throws IOException {
        Path runJar = quarkusApp("quarkus.http.port=8083\n");

        assertEquals(ServiceProcess.DEFAULT_JAVA_OPTIONS, ServiceProcess.javaOptions(runJar));
        assertEquals(ServiceProcess.DEFAULT_JAVA_OPTIONS,
                ServiceProcess.javaOptions(folder.resolve("elsewhere/quarkus-run.jar")), "not packaged at all");
    }

    @Test
    void aBenchmarkReplacesTheSettingsOfOneServiceOrOfAll() throws IOException {
        Path runJar = quarkusApp("quarkus.kubernetes.env.vars.java-opts-append=-XX:+UseSerialGC -Xmx256m\n");
        ServiceProcess.Launch ingest = new ServiceProcess.Launch("ingest-service", runJar, 8081, Map.of());
        ServiceProcess.Launch batcher = new ServiceProcess.Launch("batcher-service", runJar, 8082, Map.of());
        Map<String, String> env = Map.of("SOCIALSYNC_INGEST_SERVICE_JAVA_OPTS", "-Xmx160m",
                "SOCIALSYNC_SERVICE_JAVA_OPTS", "-Xmx128m");

        assertEquals("-Xmx160m", ServiceProcess.javaOptions(ingest, env), "its own wins");
        assertEquals("-Xmx128m", ServiceProcess.javaOptions(batcher, env), "then the one for all");
        assertEquals("-XX:+UseSerialGC -Xmx256m", ServiceProcess.javaOptions(batcher, Map.of()), "else its manifest's");
    }

    @Test
    void theThreePackagedServicesNameTheirSettings() {
        StackLayout layout = StackLayout.locate();
        assumeTrue(StackLayout.SERVICES.stream().map(layout::jar).allMatch(Files::isRegularFile),
                "the services are not packaged yet (./mvnw package)");
        for (String service : StackLayout.SERVICES) {
            String options = ServiceProcess.javaOptions(layout.jar(service));
            assertTrue(options.contains("-Xmx") && options.contains("-XX:MaxMetaspaceSize"),
                    service + ": heap and metaspace set, as its manifest sets them: " + options);
        }
    }

    private Path quarkusApp(String applicationProperties) throws IOException {
        Path app = Files.createDirectories(folder.resolve("quarkus-app/app"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(app.resolve("service-0.1.0.jar")))) {
            jar.putNextEntry(new JarEntry("application.properties"));
            OutputStream out = jar;
            out.write(applicationProperties.getBytes(StandardCharsets.ISO_8859_1));
            jar.closeEntry();
        }
        return folder.resolve("quarkus-app/quarkus-run.jar");
    }
}
