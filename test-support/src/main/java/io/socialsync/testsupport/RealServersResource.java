package io.socialsync.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the real PostgreSQL and Redis of {@link RealServers}. A service that uses only
 * Redis passes the init argument {@code postgres=false}, so no PostgreSQL is started for it.
 */
public class RealServersResource implements QuarkusTestResourceLifecycleManager {

    private boolean withPostgres = true;

    @Override
    public void init(Map<String, String> initArgs) {
        withPostgres = !"false".equals(initArgs.get("postgres"));
    }

    @Override
    public Map<String, String> start() {
        return withPostgres ? RealServers.quarkusConfig() : Map.of("quarkus.redis.hosts", RealServers.redis().hosts());
    }

    @Override
    public void stop() {
        // Servers live as long as the test JVM: started once, shared by every test class.
    }
}
