package io.socialsync.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a {@code @QuarkusTest} at the real PostgreSQL and Redis of {@link RealServers}. */
public class RealServersResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return RealServers.quarkusConfig();
    }

    @Override
    public void stop() {
        // Servers live as long as the test JVM: started once, shared by every test class.
    }
}
