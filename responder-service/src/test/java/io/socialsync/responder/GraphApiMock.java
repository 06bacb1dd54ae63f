package io.socialsync.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.socialsync.testsupport.WireMockPeer;

/** WireMock on a dynamic port playing the WhatsApp and Instagram Graph APIs: the outside world we do not run. */
public class GraphApiMock extends WireMockPeer {

    public GraphApiMock() {
        super(GraphApiMock::sendsSucceed);
    }

    public static WireMockServer server() {
        return server(GraphApiMock.class, GraphApiMock::sendsSucceed);
    }

    /** Every send succeeds unless a test stubs otherwise. */
    private static void sendsSucceed(WireMockServer server) {
        server.stubFor(post(urlPathMatching("/[^/]+/messages"))
                .withRequestBody(matchingJsonPath("$.type", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("text")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.sent-"
                                + "{{randomValue length=12 type='ALPHANUMERIC'}}\"}]}")
                        .withTransformers("response-template")));
        // A template (after the 24-hour window) is answered like a text.
        server.stubFor(post(urlPathMatching("/[^/]+/messages"))
                .withRequestBody(matchingJsonPath("$.type", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("template")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.template-"
                                + "{{randomValue length=12 type='ALPHANUMERIC'}}\"}]}")
                        .withTransformers("response-template")));
        // A person's image or document (by link or upload id), and the upload itself.
        for (String media : new String[]{"image", "document"}) {
            server.stubFor(post(urlPathMatching("/[^/]+/messages"))
                    .withRequestBody(matchingJsonPath("$.type", com.github.tomakehurst.wiremock.client.WireMock
                            .equalTo(media)))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid." + media
                                    + "-{{randomValue length=12 type='ALPHANUMERIC'}}\"}]}")
                            .withTransformers("response-template")));
        }
        server.stubFor(post(urlPathMatching("/[^/]+/media"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"upload-{{randomValue length=12 type='NUMERIC'}}\"}")
                        .withTransformers("response-template")));
        server.stubFor(post(urlPathMatching("/[^/]+/messages"))
                .withRequestBody(matchingJsonPath("$.message.attachment.payload.url"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"recipient_id\":\"{{jsonPath request.body '$.recipient.id'}}\","
                                + "\"message_id\":\"mid.media-{{randomValue length=12 type='ALPHANUMERIC'}}\"}")
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

    @Override
    protected Map<String, String> properties(String baseUrl) {
        return Map.of("quarkus.rest-client.whatsapp-graph.url", baseUrl,
                "quarkus.rest-client.instagram-graph.url", baseUrl);
    }
}
