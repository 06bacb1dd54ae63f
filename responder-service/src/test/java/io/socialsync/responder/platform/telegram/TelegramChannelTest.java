package io.socialsync.responder.platform.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.TelegramApiMock;
import io.socialsync.responder.platform.PartResult;
import io.socialsync.responder.platform.SendFailure;
import io.socialsync.responder.reply.AccountCredentials;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The Telegram adapter against WireMock as the Bot API: typing kept up while a reply is prepared, the 4 096-character
 * split, business connections carried on every call, flood control's {@code retry_after}, and a blocked chat.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TelegramApiMock.class, scope = TestResourceScope.GLOBAL)
class TelegramChannelTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    TelegramChannel channel;

    @Inject
    Pool pool;

    @Test
    void typingIsShownAtOnceAndKeptUpUntilTheReplyGoesOut() throws InterruptedException {
        AccountCredentials account = account();
        String chat = freshChat();

        channel.sendTypingAndMarkRead(account, chat, last(account, chat)).await().atMost(AWAIT);
        assertEquals(1, calls("sendChatAction", chat).size(), "shown at once");
        Thread.sleep(1_100);
        int whileWaiting = calls("sendChatAction", chat).size();
        assertTrue(whileWaiting >= 3, "refreshed every 300 ms in tests: " + whileWaiting);

        assertTrue(channel.sendPart(account, chat, "Hello!", "tag").await().atMost(AWAIT).isAccepted());
        int atReply = calls("sendChatAction", chat).size();
        Thread.sleep(900);
        assertTrue(calls("sendChatAction", chat).size() <= atReply + 1, "no typing after the reply");
        JsonNode typing = body(calls("sendChatAction", chat).get(0));
        assertEquals("typing", typing.path("action").asText());
        assertFalse(typing.has("business_connection_id"));
    }

    @Test
    void aLongReplyIsSplitAt4096CharactersAndEachPartGetsItsMessageId() {
        AccountCredentials account = account();
        String chat = freshChat();
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            reply.append("Sentence number ").append(i).append(" of a long answer about bikes. ");
        }

        List<String> parts = channel.split(reply.toString());
        assertTrue(parts.size() >= 2, "split: " + parts.size());
        List<String> ids = new ArrayList<>();
        for (String part : parts) {
            assertTrue(part.length() <= 4096, "part of " + part.length());
            PartResult result = channel.sendPart(account, chat, part, UUID.randomUUID().toString()).await()
                    .atMost(AWAIT);
            ids.add(result.platformMessageId().orElseThrow());
        }
        assertEquals(parts.size(), calls("sendMessage", chat).size());
        ids.forEach(id -> assertTrue(id.startsWith(chat + ":"), "message ids are <chat>:<message id>: " + id));
        assertEquals(parts, calls("sendMessage", chat).stream().map(call -> body(call).path("text").asText()).toList());
    }

    @Test
    void aBusinessChatIsAnsweredThroughItsConnection() {
        AccountCredentials account = account();
        String chat = freshChat();
        String contact = chat + "@BcnConn_" + chat;

        channel.sendTypingAndMarkRead(account, contact, last(account, contact)).await().atMost(AWAIT);
        assertTrue(channel.sendPart(account, contact, "On our way", "tag").await().atMost(AWAIT).isAccepted());

        JsonNode sent = body(calls("sendMessage", chat).get(0));
        assertEquals(chat, sent.path("chat_id").asText());
        assertEquals("BcnConn_" + chat, sent.path("business_connection_id").asText());
        assertEquals("BcnConn_" + chat, body(calls("sendChatAction", chat).get(0)).path("business_connection_id")
                .asText());
    }

    @Test
    void floodControlIsWaitedOutForItsRetryAfter() {
        AccountCredentials account = account();
        String chat = freshChat();
        answerInTurn(chat, 429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
                + "\"parameters\":{\"retry_after\":1}}");

        long started = System.nanoTime();
        PartResult result = channel.sendPart(account, chat, "Hello", "tag").await().atMost(AWAIT);

        assertTrue(result.isAccepted());
        assertEquals(2, calls("sendMessage", chat).size());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 1_000, "waited retry_after");
    }

    @Test
    void aLongRetryAfterFailsThePartAsNotSentAndRetryable() {
        AccountCredentials account = account();
        String chat = freshChat();
        answerInTurn(chat, 429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after "
                + "60\",\"parameters\":{\"retry_after\":60}}");

        SendFailure failure = channel.sendPart(account, chat, "Hello", "tag").await().atMost(AWAIT).failure()
                .orElseThrow();

        assertTrue(failure.retryable());
        assertFalse(failure.deliveryUnknown());
        assertEquals(1, calls("sendMessage", chat).size());
    }

    @Test
    void aChatThatBlockedTheBotIsFinalAndMarksTheContactUnreachable() {
        String chat = freshChat();
        AccountCredentials account = storedAccountWithContact(chat);
        answerInTurn(chat, 403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the "
                + "user\"}");

        SendFailure failure = channel.sendPart(account, chat, "Hello", "tag").await().atMost(AWAIT).failure()
                .orElseThrow();

        assertFalse(failure.retryable());
        assertFalse(failure.deliveryUnknown());
        assertFalse(failure.credentialsRejected());
        assertEquals(1, calls("sendMessage", chat).size(), "never retried");
        assertNotNull(pool.preparedQuery("SELECT unreachable_at FROM contacts WHERE account_id = $1 AND "
                + "platform_contact_id = $2").execute(Tuple.of(account.id(), chat)).await().atMost(WAIT).iterator()
                .next().getOffsetDateTime("unreachable_at"));
    }

    @Test
    void aRejectedTokenFlagsTheAccount() {
        AccountCredentials account = account();
        String chat = freshChat();
        answerInTurn(chat, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");

        SendFailure failure = channel.sendPart(account, chat, "Hello", "tag").await().atMost(AWAIT).failure()
                .orElseThrow();

        assertTrue(failure.credentialsRejected());
        assertFalse(failure.retryable());
    }

    /** The chat's next sendMessage answers this error once, then the standing success. */
    private static void answerInTurn(String chat, int status, String body) {
        String scenario = "chat-" + chat;
        TelegramApiMock.server().stubFor(post(urlPathMatching(TelegramApiMock.method("sendMessage"))).atPriority(1)
                .withRequestBody(matchingJsonPath("$.chat_id", equalTo(chat)))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered")
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    private static List<LoggedRequest> calls(String method, String chat) {
        return TelegramApiMock.server().findAll(postRequestedFor(urlPathMatching(TelegramApiMock.method(method)))
                .withRequestBody(matchingJsonPath("$.chat_id", equalTo(chat))));
    }

    private AccountCredentials storedAccountWithContact(String chat) {
        String bot = freshChat();
        UUID tenant = pool.preparedQuery("""
                INSERT INTO tenants (slug, name, plan_code, credit_balance) VALUES ($1, $1, 'starter', 100)
                RETURNING id""").execute(Tuple.of("tg-" + UUID.randomUUID())).await().atMost(WAIT).iterator().next()
                .getUUID(0);
        UUID account = pool.preparedQuery("""
                INSERT INTO social_accounts (tenant_id, platform, platform_account_id, access_token)
                VALUES ($1, 'telegram', $2, $2 || ':token') RETURNING id""").execute(Tuple.of(tenant, bot))
                .await().atMost(WAIT).iterator().next().getUUID(0);
        pool.preparedQuery("INSERT INTO contacts (account_id, platform_contact_id) VALUES ($1, $2)")
                .execute(Tuple.of(account, chat)).await().atMost(WAIT);
        return new AccountCredentials(account, tenant, bot, bot + ":token");
    }

    private static AccountCredentials account() {
        String bot = freshChat();
        return new AccountCredentials(UUID.randomUUID(), UUID.randomUUID(), bot, bot + ":token-" + bot);
    }

    private static UnifiedMessage last(AccountCredentials account, String contact) {
        return new UnifiedMessage(UUID.randomUUID(), Platform.TELEGRAM, account.platformAccountId(), contact,
                contact + ":1", UnifiedMessageType.TEXT, "hi", null, null, 1, Instant.now(), true);
    }

    private static String freshChat() {
        return String.valueOf(1_000_000_000L + (long) (Math.random() * 8_000_000_000L));
    }

    private static JsonNode body(LoggedRequest request) {
        return JsonCodec.decode(request.getBodyAsString(), JsonNode.class);
    }
}
