package io.socialsync.responder.knowledge;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** WireMock on a dynamic port playing an OpenAI-compatible {@code /embeddings} endpoint; tests add the stubs. */
public class EmbeddingsMock implements QuarkusTestResourceLifecycleManager {

    static final String API_KEY = "test-embeddings-key";
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
        return Map.of("socialsync.knowledge.embeddings.base-url", server().baseUrl() + "/v1",
                "socialsync.knowledge.embeddings.api-key", API_KEY,
                "socialsync.knowledge.embeddings.model", "test-embedder",
                "socialsync.knowledge.embeddings.timeout", "2s");
    }

    @Override
    public void stop() {
        // One server per test JVM: stopped with the JVM.
    }
}
