package io.socialsync.ingest.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.socialsync.ingest.platform.telegram.TelegramFixtures;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Telegram updates through the HTTP route ({@code /webhooks/telegram/{bot_id}}) into PostgreSQL and the stream:
 * the secret token decides, each customer message fixture is stored and enqueued as its expected
 * {@link UnifiedMessage}, redeliveries store nothing twice, groups are ignored. The bootstrap bot (test profile)
 * belongs to the {@code starter} plan: images and documents, no audio, no video.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TelegramBotMock.class, scope = TestResourceScope.GLOBAL)
class TelegramWebhookTest {

    private static final String BOT = "7000000001";
    private static final String ROUTE = "/webhooks/telegram/" + BOT;
    private static final String SECRET = "test-telegram-secret";
    private static final String HEADER = "X-Telegram-Bot-Api-Secret-Token";

    @Inject
    Store store;

    static Stream<String> messageFixtures() {
        return Stream.of("text", "reply", "photo", "voice", "audio", "video", "video-note", "document", "sticker",
                "location", "venue", "contact", "unsupported-poll", "callback-query", "business-message");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageFixtures")
    void eachCustomerMessageIsStoredAndEnqueuedAsItsExpectedUnifiedMessage(String name) {
        TelegramFixtures.Fixture fixture = TelegramFixtures.load(name, freshChat());
        post(fixture.body(), SECRET).statusCode(200).body("stored", equalTo(1));

        UnifiedMessage want = fixture.unifiedMessage();
        Row row = store.message(want.platformMessageId());
        assertEquals(want.contactId(), row.getString("platform_contact_id"));
        assertEquals(fixture.statusDetail(), row.getString("status_detail"));
        assertEquals("received", row.getString("status"));

        List<UnifiedMessage> enqueued = store.enqueued(want.platformMessageId());
        assertEquals(1, enqueued.size());
        UnifiedMessage got = enqueued.get(0);
        assertEquals(row.getUUID("id"), got.id());
        assertEquals(want, new UnifiedMessage(null, got.platform(), got.accountId(), got.contactId(),
                got.platformMessageId(), got.type(), got.text(), got.media(), got.replyToId(), 0,
                want.receivedAt() == null ? null : got.receivedAt(), got.planAllowed()));
    }

    @Test
    void aButtonTapIsAnsweredWithTheBotsToken() {
        String chat = freshChat();
        post(TelegramFixtures.load("callback-query", chat).body(), SECRET).statusCode(200).body("stored", equalTo(1));

        var answered = postRequestedFor(
                urlPathMatching("/bot" + BOT + "(:|%3A)test-telegram-token/answerCallbackQuery"))
                .withRequestBody(matchingJsonPath("$.callback_query_id", WireMock.equalTo("4382bfdw-" + chat)));
        long until = System.nanoTime() + 10_000_000_000L;
        while (TelegramBotMock.server().findAll(answered).isEmpty() && System.nanoTime() < until) {
            Deliveries.pause(50);
        }
        assertEquals(1, TelegramBotMock.server().findAll(answered).size(), "answered once, off the request path");
    }

    @Test
    void aTextDeliveredThreeTimesIsStoredOnce() {
        TelegramFixtures.Fixture fixture = TelegramFixtures.load("text", freshChat());
        post(fixture.body(), SECRET).statusCode(200).body("stored", equalTo(1)).body("outcome", equalTo("ACCEPTED"));
        post(fixture.body(), SECRET).statusCode(200).body("stored", equalTo(0)).body("duplicates", equalTo(1));
        post(fixture.body(), SECRET).statusCode(200).body("outcome", equalTo("DUPLICATE"));
        assertEquals(1, store.messages(fixture.unifiedMessage().platformMessageId()).size());
    }

    @Test
    void aWrongOrMissingSecretIsRefusedAndStoresNothing() {
        TelegramFixtures.Fixture fixture = TelegramFixtures.load("text", freshChat());
        post(fixture.body(), SECRET + "-wrong").statusCode(401);
        post(fixture.body(), "").statusCode(401);
        given().contentType(ContentType.JSON).body(fixture.body()).when().post(ROUTE).then().statusCode(401);
        String key = fixture.unifiedMessage().platformMessageId();
        assertEquals(0, store.messages(key).size());
        assertEquals(0, store.enqueued(key).size());
    }

    @Test
    void groupsAndChannelsAreIgnored() {
        post(TelegramFixtures.load("group-message", freshChat()).body(), SECRET).statusCode(200)
                .body("outcome", equalTo("IGNORED")).body("ignored", equalTo(1));
        post(TelegramFixtures.load("channel-post", freshChat()).body(), SECRET).statusCode(200)
                .body("outcome", equalTo("IGNORED"));
    }

    @Test
    void theBusinessOwnersOwnMessageIsAnEcho() {
        String chat = freshChat();
        post(TelegramFixtures.load("business-message", chat).body(), SECRET).statusCode(200).body("stored",
                equalTo(1));
        post(TelegramFixtures.load("business-message-owner", chat).body(), SECRET).statusCode(200)
                .body("echoes", equalTo(1));
        Row reply = store.message(chat + ":402");
        assertEquals("outbound", reply.getString("direction"));
    }

    @Test
    void aCustomersEditChangesTheMessageStillWaitingForItsAnswer() {
        String chat = freshChat();
        post(TelegramFixtures.load("text", chat).body(), SECRET).statusCode(200).body("stored", equalTo(1));
        String edit = TelegramFixtures.load("edited-message", chat).body();
        post(edit, SECRET).statusCode(200);
        post(edit, SECRET).statusCode(200);

        assertEquals("Do you ship to Porto?", store.message(chat + ":101").getString("text"));
        assertEquals(1, store.count("SELECT count(*)::int FROM message_edits e JOIN messages m ON m.id = e.message_id "
                + "WHERE m.platform_message_id = $1", chat + ":101"), "recorded once under redelivery");
    }

    @Test
    void aCustomerWhoBlocksTheBotIsUnreachableUntilTheyRestartIt() {
        String chat = freshChat();
        post(TelegramFixtures.load("text", chat).body(), SECRET).statusCode(200);
        post(TelegramFixtures.load("my-chat-member-kicked", chat).body(), SECRET).statusCode(200);
        assertTrue(unreachable(chat), "kicked: unreachable");

        post(TelegramFixtures.load("my-chat-member-restored", chat).body(), SECRET).statusCode(200);
        assertTrue(!unreachable(chat), "restarted: reachable again");
    }

    private boolean unreachable(String chat) {
        return store.row("SELECT k.unreachable_at IS NOT NULL AS unreachable FROM contacts k JOIN social_accounts a "
                + "ON a.id = k.account_id WHERE a.platform = 'telegram' AND a.platform_account_id = $1 "
                + "AND k.platform_contact_id = $2", BOT, chat).getBoolean("unreachable");
    }

    @Test
    void onlyTheBotRouteServesTelegram() {
        String body = TelegramFixtures.load("text", freshChat()).body();
        given().contentType(ContentType.JSON).header(HEADER, SECRET).body(body).when().post("/webhooks/telegram")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body("{}").when().post("/webhooks/whatsapp/" + BOT).then()
                .statusCode(404);
        given().when().get("/webhooks/telegram").then().statusCode(404);
    }

    private static String freshChat() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
    }

    private static ValidatableResponse post(String body, String secret) {
        return given().contentType(ContentType.JSON).header(HEADER, secret).body(body).when().post(ROUTE).then();
    }
}
