package io.socialsync.responder.platform;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static io.socialsync.responder.platform.GraphStubs.answerInTurn;
import static io.socialsync.responder.platform.GraphStubs.graphError;
import static io.socialsync.responder.platform.GraphStubs.instagramSent;
import static io.socialsync.responder.platform.GraphStubs.requests;
import static io.socialsync.responder.platform.GraphStubs.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.platform.instagram.InstagramChannel;
import io.socialsync.responder.reply.AccountCredentials;
import io.socialsync.testsupport.RealServersResource;

/**
 * The Instagram adapter against WireMock as the Instagram API: sender actions, the 1 000-byte split with multi-byte
 * text, the mids handed back, and which errors are retried.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class InstagramChannelTest {

    private static final String TEXT_SEND = "$.message.text";
    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    InstagramChannel channel;

    @Test
    void typingOnThenMarkSeenEachInItsOwnRequestWithOnlyTheRecipient() {
        AccountCredentials account = account();
        String customer = "igsid-" + UUID.randomUUID();
        UnifiedMessage last = new UnifiedMessage(UUID.randomUUID(), Platform.INSTAGRAM, account.platformAccountId(),
                customer, "mid.in-1", UnifiedMessageType.TEXT, "hi", null, null, 1, Instant.now(), true);

        channel.sendTypingAndMarkRead(account, customer, last).await().atMost(AWAIT);

        List<LoggedRequest> actions = requests(account.platformAccountId());
        assertEquals(2, actions.size());
        assertEquals(JsonCodec.decode("""
                {"recipient":{"id":"%s"},"sender_action":"typing_on"}""".formatted(customer), JsonNode.class),
                body(actions.get(0)));
        assertEquals(JsonCodec.decode("""
                {"recipient":{"id":"%s"},"sender_action":"mark_seen"}""".formatted(customer), JsonNode.class),
                body(actions.get(1)));
        actions.forEach(request -> assertEquals("Bearer " + account.accessToken(),
                request.getHeader("Authorization")));
    }

    @Test
    void aFailedSenderActionDoesNotFailTheReply() {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), "$.sender_action", graphError(400, 100));
        UnifiedMessage last = new UnifiedMessage(UUID.randomUUID(), Platform.INSTAGRAM, account.platformAccountId(),
                "igsid-x", "mid.in-2", UnifiedMessageType.TEXT, "hi", null, null, 1, Instant.now(), true);

        channel.sendTypingAndMarkRead(account, "igsid-x", last).await().atMost(AWAIT);

        assertEquals(2, requests(account.platformAccountId()).size(), "tried once each, never retried");
    }

    @Test
    void aShortReplyIsOneMessageWithItsMid() {
        AccountCredentials account = account();
        String customer = "igsid-" + UUID.randomUUID();

        PartSends.Sent result = PartSends.send(channel, account, customer, "Wir öffnen um 9 Uhr 😊").await()
                .atMost(AWAIT);

        assertTrue(result.isDelivered());
        assertEquals(1, result.texts().size());
        assertTrue(result.platformMessageIds().get(0).startsWith("mid.sent-"));
        GraphApiMock.server().verify(1, com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                        GraphStubs.path(account.platformAccountId())))
                .withHeader("Authorization", equalTo("Bearer " + account.accessToken()))
                .withRequestBody(equalToJson("""
                        {"recipient":{"id":"%s"},"message":{"text":"Wir öffnen um 9 Uhr 😊"}}""".formatted(customer))));
    }

    @Test
    void aLongReplyIsSplitAt1000BytesOnSentencesWithMultiByteTextIntact() {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, instagramSent("mid.1"), instagramSent("mid.2"),
                instagramSent("mid.3"), instagramSent("mid.4"));
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            reply.append("Schöne Grüße aus Köln 🎉🇩🇪, Ihre Bestellung Nr. ").append(i).append(" ist unterwegs! ");
        }
        String customer = "igsid-" + UUID.randomUUID();

        PartSends.Sent result = PartSends.send(channel, account, customer, reply.toString()).await().atMost(AWAIT);

        List<LoggedRequest> sent = requests(account.platformAccountId());
        List<String> texts = sent.stream().map(request -> body(request).path("message").path("text").asText()).toList();
        assertTrue(texts.size() >= 3, "split: " + texts.size());
        assertEquals(texts.size(), result.texts().size());
        assertEquals(List.of("mid.1", "mid.2", "mid.3", "mid.4").subList(0, texts.size()),
                result.platformMessageIds(), "every part's mid, in order");
        for (String text : texts) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes <= 1000, "part of " + bytes + " bytes");
            assertTrue(text.startsWith("Schöne Grüße") && text.endsWith("unterwegs!"), "whole sentences");
            assertFalse(text.contains("\uFFFD"), "no broken character");
        }
        assertEquals(reply.toString().strip(), String.join(" ", texts), "in order, nothing lost");
        sent.forEach(request -> assertEquals(customer, body(request).path("recipient").path("id").asText()));
    }

    @Test
    void rateLimitsAreRetried() {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, status(429), graphError(400, 4), graphError(400, 80007),
                instagramSent("mid.finally"));

        PartSends.Sent result = PartSends.send(channel, account, "igsid-r", "Hello").await().atMost(AWAIT);

        assertEquals(List.of("mid.finally"), result.platformMessageIds());
        assertEquals(4, requests(account.platformAccountId()).size(), "three retries");
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 551, 190})
    void outsideTheWindowUnavailableOrRejectedTokenIsNotRetried(int code) {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, graphError(code == 190 ? 401 : 400, code));

        SendFailure failure = PartSends.send(channel, account, "igsid-n", "Hello").await().atMost(AWAIT).failure()
                .orElseThrow();

        assertEquals(1, requests(account.platformAccountId()).size(), "exactly one request for " + code);
        assertFalse(failure.retryable());
        assertEquals(OptionalInt.of(code), failure.platformErrorCode());
        assertEquals(code == 190, failure.credentialsRejected());
    }

    private static AccountCredentials account() {
        String igAccountId = "ig-" + UUID.randomUUID();
        return new AccountCredentials(UUID.randomUUID(), UUID.randomUUID(), igAccountId, "ig-token-" + igAccountId);
    }

    private static JsonNode body(LoggedRequest request) {
        return JsonCodec.decode(request.getBodyAsString(), JsonNode.class);
    }
}
