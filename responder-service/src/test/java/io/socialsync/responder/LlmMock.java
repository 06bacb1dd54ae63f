package io.socialsync.responder;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.socialsync.testsupport.WireMockPeer;

/**
 * WireMock on a dynamic port playing an OpenAI-compatible LLM, with a reply budget short enough to test. Applies
 * only to the test class that declares it: every other test keeps the offline provider.
 */
public class LlmMock extends WireMockPeer {

    public static WireMockServer server() {
        return server(LlmMock.class);
    }

    @Override
    protected Map<String, String> properties(String baseUrl) {
        return Map.of("socialsync.ai.base-url", baseUrl + "/v1",
                "socialsync.ai.api-key", "sk-test",
                "socialsync.ai.model", "test-model",
                "socialsync.ai.timeout", "10s",
                "socialsync.reply.budget", "6s",
                "socialsync.reply.send-reserve", "1s");
    }
}
