package io.socialsync.responder;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock on a dynamic port playing an OpenAI-compatible LLM, with a reply budget short enough to test. Applies
 * only to the test class that declares it: every other test keeps the offline provider.
 */
public class LlmMock implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort());
            server.start();
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("socialsync.ai.base-url", server().baseUrl() + "/v1",
                "socialsync.ai.api-key", "sk-test",
                "socialsync.ai.model", "test-model",
                "socialsync.ai.timeout", "10s",
                "socialsync.reply.budget", "6s",
                "socialsync.reply.send-reserve", "1s");
    }

    @Override
    public void stop() {
        // Stopped with the JVM, like the other fakes.
    }
}
