package io.socialsync.ingest.webhook;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** WireMock on a dynamic port playing Instagram's Graph API: the outside world we do not run. */
public class InstagramGraphMock implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort());
            server.start();
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.instagram-graph.url", server().baseUrl() + "/v23.0");
    }

    @Override
    public void stop() {
        // One server per test JVM, like the database: stopped with the JVM.
    }
}
