package io.socialsync.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** WireMock on a dynamic port playing the WhatsApp and Instagram Graph APIs: the outside world we do not run. */
public class GraphApiMock implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort());
            server.start();
            server.stubFor(post(urlPathMatching("/[^/]+/messages"))
                    .withRequestBody(matchingJsonPath("$.type", com.github.tomakehurst.wiremock.client.WireMock
                            .equalTo("text")))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.sent-"
                                    + "{{randomValue length=12 type='ALPHANUMERIC'}}\"}]}")
                            .withTransformers("response-template")));
            server.stubFor(post(urlPathMatching("/[^/]+/messages"))
                    .withRequestBody(matchingJsonPath("$.status", com.github.tomakehurst.wiremock.client.WireMock
                            .equalTo("read")))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"success\":true}")));
            // Instagram: a text answers its mid, a sender action only the recipient.
            server.stubFor(post(urlPathMatching("/[^/]+/messages"))
                    .withRequestBody(matchingJsonPath("$.message.text"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"recipient_id\":\"{{jsonPath request.body '$.recipient.id'}}\","
                                    + "\"message_id\":\"mid.sent-{{randomValue length=12 type='ALPHANUMERIC'}}\"}")
                            .withTransformers("response-template")));
            server.stubFor(post(urlPathMatching("/[^/]+/messages"))
                    .withRequestBody(matchingJsonPath("$.sender_action"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"recipient_id\":\"{{jsonPath request.body '$.recipient.id'}}\"}")
                            .withTransformers("response-template")));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.whatsapp-graph.url", server().baseUrl(),
                "quarkus.rest-client.instagram-graph.url", server().baseUrl());
    }

    @Override
    public void stop() {
        // One server per test JVM, like the database: stopped with the JVM.
    }
}
