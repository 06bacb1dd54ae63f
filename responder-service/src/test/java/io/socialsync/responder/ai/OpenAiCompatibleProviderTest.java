package io.socialsync.responder.ai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;

/** The chat-completions client against WireMock playing the LLM, grounded on passages from the real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class OpenAiCompatibleProviderTest {

    @Inject
    Pool pool;

    @Inject
    KnowledgeSearch knowledge;

    private WireMockServer llm;

    @BeforeEach
    void startLlm() {
        llm = new WireMockServer(options().dynamicPort());
        llm.start();
    }

    @AfterEach
    void stopLlm() {
        llm.stop();
    }

    @Test
    void sendsTheBatchWithTheRetrievedPassagesAndReturnsTheModelsText() {
        llm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(
                        """
                                {"id":"chatcmpl-1","object":"chat.completion","model":"test-model",
                                 "choices":[{"index":0,"message":{"role":"assistant",
                                   "content":"{\\"reply\\":\\"  We open at 9:00.  \\",\\"confidence\\":0.9,\\"needs_human\\":false}"},
                                             "finish_reason":"stop"}],
                                 "usage":{"prompt_tokens":50,"completion_tokens":5,"total_tokens":55}}""")));
        Seeds.Business business = Seeds.business(pool);
        Seeds.knowledge(pool, business, "The shop opens at 9:00 on weekdays.", "Parking is behind the building.");

        AgentAnswer reply = provider(Duration.ofSeconds(5)).reply(request(business, "hello", "when do you open?"))
                .await().atMost(Duration.ofSeconds(10));

        assertEquals(new AgentAnswer("We open at 9:00.", 0.9, false, 50, 5), reply,
                "with the tokens the server counted");
        llm.verify(1, postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-test"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("test-model"))));
        JsonNode sent = JsonCodec.decode(llm.getAllServeEvents().get(0).getRequest().getBodyAsString(), JsonNode.class);
        String system = sent.path("messages").get(0).path("content").asText();
        assertEquals("system", sent.path("messages").get(0).path("role").asText());
        assertTrue(system.startsWith("Be brief."), system);
        assertTrue(system.contains("[1] The shop opens at 9:00 on weekdays."), "the passage grounds the prompt");
        assertEquals("hello\nwhen do you open?", sent.path("messages").get(1).path("content").asText(),
                "the whole batch in one request");
        assertTrue(system.contains("\"needs_human\""), "the model is told how to answer: " + system);
        assertEquals("json_object", sent.path("response_format").path("type").asText());
    }

    @Test
    void anAnswerThatIsNotTheRequestedJsonIsAskedAgainWhileThePlanAllows() {
        llm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("retry").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Sure!\"}}]}"))
                .willSetStateTo("second"));
        llm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("retry").whenScenarioStateIs("second")
                .willReturn(okJson("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
                        + "\"```json\\n{\\\"reply\\\":\\\"Yes, we do.\\\",\\\"confidence\\\":0.8}\\n```\"}}]}")));
        Seeds.Business business = Seeds.business(pool);

        AiRequest oneCall = new AiRequest(business.tenantId(), Optional.empty(), List.of(),
                request(business, "do you ship?").messages(), 1);
        assertThrows(IllegalStateException.class,
                () -> provider(Duration.ofSeconds(5)).reply(oneCall).await().atMost(Duration.ofSeconds(10)));
        assertEquals(1, llm.countRequestsMatching(postRequestedFor(urlPathEqualTo("/v1/chat/completions")).build())
                .getCount(), "a plan with one call per batch gets one call");

        llm.resetRequests();
        llm.setScenarioState("retry", STARTED);
        AiRequest twoCalls = new AiRequest(business.tenantId(), Optional.empty(), List.of(),
                oneCall.messages(), 2);
        assertEquals(new AgentAnswer("Yes, we do.", 0.8, false),
                provider(Duration.ofSeconds(5)).reply(twoCalls).await().atMost(Duration.ofSeconds(10)));
        assertEquals(2, llm.countRequestsMatching(postRequestedFor(urlPathEqualTo("/v1/chat/completions")).build())
                .getCount());
    }

    @Test
    void theConversationSoFarComesBeforeTheBatch() {
        llm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
                        + "\"{\\\"reply\\\":\\\"Size 42 is in stock.\\\",\\\"confidence\\\":0.95}\"}}]}")));
        Seeds.Business business = Seeds.business(pool);
        AiRequest request = new AiRequest(business.tenantId(), Optional.of("You sell shoes."),
                List.of(new ConversationTurn(ConversationTurn.Speaker.CUSTOMER, "do you have the red runner?"),
                        new ConversationTurn(ConversationTurn.Speaker.BUSINESS, "Yes, in sizes 38 to 44.")),
                request(business, "and 42?").messages(), 1);

        provider(Duration.ofSeconds(5)).reply(request).await().atMost(Duration.ofSeconds(10));

        JsonNode messages = JsonCodec.decode(llm.getAllServeEvents().get(0).getRequest().getBodyAsString(),
                JsonNode.class).path("messages");
        assertEquals(4, messages.size(), messages.toString());
        assertTrue(messages.get(0).path("content").asText().startsWith("You sell shoes."), "the tenant's prompt");
        assertTrue(messages.get(0).path("content").asText().contains("nothing in the knowledge base"),
                "the model is told that nothing matched");
        assertEquals("user", messages.get(1).path("role").asText());
        assertEquals("do you have the red runner?", messages.get(1).path("content").asText());
        assertEquals("assistant", messages.get(2).path("role").asText());
        assertEquals("Yes, in sizes 38 to 44.", messages.get(2).path("content").asText());
        assertEquals("and 42?", messages.get(3).path("content").asText());
    }

    @Test
    void aModelThatDoesNotAnswerInTimeFailsTheReply() {
        llm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(3_000).withHeader("Content-Type", "application/json")
                .withBody("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"late\"}}]}")));
        Seeds.Business business = Seeds.business(pool);
        assertThrows(RuntimeException.class, () -> provider(Duration.ofMillis(300))
                .reply(request(business, "hello")).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void anEmptyAnswerIsAFailureNotABlankMessage() {
        llm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"choices\":[]}")));
        Seeds.Business business = Seeds.business(pool);
        assertThrows(IllegalStateException.class, () -> provider(Duration.ofSeconds(5))
                .reply(request(business, "hello")).await().atMost(Duration.ofSeconds(10)));
    }

    private OpenAiCompatibleProvider provider(Duration timeout) {
        ChatCompletionsApi api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(llm.baseUrl() + "/v1"))
                .connectTimeout(5, TimeUnit.SECONDS)
                .build(ChatCompletionsApi.class);
        return new OpenAiCompatibleProvider(api, knowledge, "sk-test",
                new OpenAiCompatibleProvider.Settings("test-model", "Be brief.", 3, timeout, 0.5, true));
    }

    private static AiRequest request(Seeds.Business business, String... texts) {
        List<UnifiedMessage> messages = java.util.Arrays.stream(texts)
                .map(text -> new UnifiedMessage(UUID.randomUUID(), Platform.WHATSAPP, business.phoneNumberId(), "1",
                        "wamid." + UUID.randomUUID(), UnifiedMessageType.TEXT, text, null, null, 1, Instant.now(),
                        true))
                .toList();
        return AiRequest.of(business.tenantId(), messages);
    }
}
