package io.socialsync.responder.platform;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.socialsync.responder.GraphApiMock;

/** Answers of the (WireMock) Graph API for one account, in turn: the last one repeats. */
public final class GraphStubs {

    private GraphStubs() {
    }

    public static String path(String accountId) {
        return "/" + accountId + "/messages";
    }

    /** Answers sends to {@code accountId} whose body matches {@code jsonPath}, one answer after the other. */
    public static void answerInTurn(String accountId, String jsonPath, ResponseDefinitionBuilder... answers) {
        String scenario = "answers-" + UUID.randomUUID();
        for (int i = 0; i < answers.length; i++) {
            ScenarioMappingBuilder stub = post(urlPathEqualTo(path(accountId)))
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(jsonPath))
                    .atPriority(1)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer-" + i);
            if (i < answers.length - 1) {
                stub = stub.willSetStateTo("answer-" + (i + 1));
            }
            GraphApiMock.server().stubFor(stub.willReturn(answers[i]));
        }
    }

    public static ResponseDefinitionBuilder graphError(int status, int code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error":{"message":"(#%d) explained by the platform","type":"OAuthException","code":%d,
                         "error_subcode":2494010,"fbtrace_id":"AbCdEf"}}""".formatted(code, code));
    }

    public static ResponseDefinitionBuilder status(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/plain").withBody("busy");
    }

    public static ResponseDefinitionBuilder whatsAppSent(String wamid) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],"
                        + "\"messages\":[{\"id\":\"" + wamid + "\"}]}");
    }

    public static ResponseDefinitionBuilder instagramSent(String mid) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"recipient_id\":\"x\",\"message_id\":\"" + mid + "\"}");
    }

    public static List<LoggedRequest> requests(String accountId, String jsonPath, StringValuePattern value) {
        return GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo(path(accountId)))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(jsonPath, value)));
    }

    public static List<LoggedRequest> requests(String accountId) {
        return GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo(path(accountId))));
    }
}
