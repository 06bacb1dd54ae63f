package io.socialsync.responder.knowledge;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.socialsync.testsupport.WireMockPeer;

/** WireMock on a dynamic port playing an OpenAI-compatible {@code /embeddings} endpoint; tests add the stubs. */
public class EmbeddingsMock extends WireMockPeer {

    static final String API_KEY = "test-embeddings-key";

    static WireMockServer server() {
        return server(EmbeddingsMock.class);
    }

    @Override
    protected Map<String, String> properties(String baseUrl) {
        return Map.of("socialsync.knowledge.embeddings.base-url", baseUrl + "/v1",
                "socialsync.knowledge.embeddings.api-key", API_KEY,
                "socialsync.knowledge.embeddings.model", "test-embedder",
                "socialsync.knowledge.embeddings.timeout", "2s");
    }
}
