package io.socialsync.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.ingest.platform.meta.MetaSignature;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Instagram deliveries, one real-shaped fixture per kind, through the HTTP route into PostgreSQL and the stream. The
 * bootstrap Instagram account is in the {@code starter} tenant: images and files, no audio, no video.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class InstagramWebhookTest {

    private static final String ROUTE = "/webhooks/instagram";

    @Inject
    Store store;

    record Case(String fixture, String idSuffix, UnifiedMessageType type, String text, String urlStart,
            String replyTo, boolean planAllowed, String detail) {

        @Override
        public String toString() {
            return fixture;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("text", "T", UnifiedMessageType.TEXT, "Hi! Do you ship to Lisbon? Ça va 😊", null, null, true,
                        null),
                new Case("image", "I", UnifiedMessageType.IMAGE, null,
                        "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18012345678901234", null, true,
                        "image"),
                new Case("video", "V", UnifiedMessageType.VIDEO, null,
                        "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18023456789012345", null, false,
                        "not in plan; video"),
                new Case("audio", "U", UnifiedMessageType.AUDIO, null, "https://cdn.fbsbx.com/v/t59.3654-21/", null,
                        false, "not in plan; audio"),
                new Case("file", "F", UnifiedMessageType.DOCUMENT, null, "https://cdn.fbsbx.com/v/t59.2708-21/", null,
                        true, "file"),
                new Case("share", "S", UnifiedMessageType.IMAGE, "Our new summer collection is here",
                        "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18139494541428835", null, true,
                        "share"),
                new Case("story-mention", "M", UnifiedMessageType.IMAGE, null,
                        "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17912345678901234", null, true,
                        "story_mention"),
                new Case("reel", "R", UnifiedMessageType.VIDEO, "How we roast our beans",
                        "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18045678901234567", null, false,
                        "not in plan; ig_reel"),
                new Case("story-reply", "Y", UnifiedMessageType.TEXT, "Love this! Is it still available?", null,
                        "17923456789012345", true, "story_reply"),
                new Case("postback", "P", UnifiedMessageType.INTERACTIVE, "Opening hours", null, null, true,
                        "postback"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachKindIsNormalisedStoredAndEnqueued(Case expected) {
        Deliveries.Fixture delivery = Deliveries.instagram(expected.fixture());
        post(delivery).statusCode(200).body("stored", equalTo(1));

        String mid = Deliveries.IG_MID + delivery.run() + expected.idSuffix();
        Row row = store.message(mid);
        assertEquals("inbound", row.getString("direction"));
        assertEquals(expected.type().wire(), row.getString("type"));
        assertEquals(expected.text(), row.getString("text"));
        assertEquals(expected.planAllowed(), row.getBoolean("plan_allowed"));
        assertEquals(expected.detail(), row.getString("status_detail"));
        assertEquals(expected.replyTo(), row.getString("reply_to_platform_id"));
        assertEquals(delivery.customer(), row.getString("platform_contact_id"));
        if (expected.urlStart() != null) {
            assertTrue(row.getString("media_url").startsWith(expected.urlStart()), row.getString("media_url"));
        }

        List<UnifiedMessage> enqueued = store.enqueued(mid);
        assertEquals(1, enqueued.size());
        UnifiedMessage message = enqueued.get(0);
        assertEquals(row.getUUID("id"), message.id());
        assertEquals(Platform.INSTAGRAM, message.platform());
        assertEquals(Deliveries.INSTAGRAM_ACCOUNT, message.accountId());
        assertEquals(delivery.customer(), message.contactId());
        assertEquals(expected.type(), message.type());
        assertEquals(expected.planAllowed(), message.planAllowed());
        assertEquals(1749416383123L, message.receivedAt().toEpochMilli());
    }

    @Test
    void setupCheckUsesTheInstagramVerifyToken() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "test-instagram-verify-token")
                .queryParam("hub.challenge", "42").when().get(ROUTE).then().statusCode(200).body(equalTo("42"));
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "test-verify-token")
                .queryParam("hub.challenge", "42").when().get(ROUTE).then().statusCode(403);
    }

    @Test
    void theInstagramAndTheFacebookAppSecretsAreBothAcceptedAndNoOtherIs() {
        Deliveries.Fixture byInstagram = Deliveries.instagram("text");
        post(byInstagram.body(), Deliveries.signInstagram(byInstagram.body())).statusCode(200)
                .body("stored", equalTo(1));

        Deliveries.Fixture byFacebook = Deliveries.instagram("text");
        post(byFacebook.body(), MetaSignature.sign(Deliveries.FACEBOOK_SECRET,
                byFacebook.body().getBytes(StandardCharsets.UTF_8))).statusCode(200).body("stored", equalTo(1));

        Deliveries.Fixture byWhatsApp = Deliveries.instagram("text");
        post(byWhatsApp.body(), Deliveries.sign(byWhatsApp.body())).statusCode(401);
        post(byWhatsApp.body(), null).statusCode(401);
        assertEquals(0, store.messages(Deliveries.IG_MID + byWhatsApp.run() + "T").size());
    }

    @Test
    void reactionsAreStoredButNeverOpenABatch() {
        Deliveries.Fixture react = Deliveries.instagram("reaction");
        post(react).statusCode(200).body("stored", equalTo(1));
        Deliveries.Fixture fresh = Deliveries.instagram("unreact");
        Deliveries.Fixture unreact = new Deliveries.Fixture(fresh.body().replace(fresh.customer(), react.customer())
                .replace(fresh.ourMessageId(), react.ourMessageId()), react.run(), react.customer(), "instagram");
        post(unreact).statusCode(200).body("stored", equalTo(1));
        post(unreact).statusCode(200).body("duplicates", equalTo(1));

        String prefix = "reaction:" + react.ourMessageId() + ":" + react.customer() + ":";
        Row love = store.message(prefix + 1749416383123L);
        assertEquals("reaction", love.getString("type"));
        assertEquals("\u2764\ufe0f", love.getString("text"));
        assertEquals("react", love.getString("status_detail"));
        assertEquals(react.ourMessageId(), love.getString("reply_to_platform_id"));
        assertEquals("ignored", love.getString("status"));
        Row removed = store.message(prefix + 1749416443123L);
        assertEquals("unreact", removed.getString("status_detail"));
        assertEquals(null, removed.getString("text"));
        assertEquals(0, store.enqueued(love.getString("platform_message_id")).size(), "never batched");
        assertEquals(0, store.enqueued(removed.getString("platform_message_id")).size(), "never batched");
    }

    @Test
    void aReadOfOurReplyMarksItReadAndADeletionMarksTheCustomersMessage() {
        Deliveries.Fixture read = Deliveries.instagram("read");
        store.outbound("instagram", Deliveries.INSTAGRAM_ACCOUNT, read.customer(), read.ourMessageId());
        post(read).statusCode(200).body("updated", equalTo(1));
        assertEquals("read", store.message(read.ourMessageId()).getString("status"));

        Deliveries.Fixture text = Deliveries.instagram("text");
        post(text).statusCode(200).body("stored", equalTo(1));
        Deliveries.Fixture deleted = new Deliveries.Fixture(
                Deliveries.instagram("deleted").body().replaceAll(Deliveries.IG_MID + "[0-9a-f]{8}T",
                        Deliveries.IG_MID + text.run() + "T"),
                text.run(), text.customer(), "instagram");
        post(deleted).statusCode(200).body("updated", equalTo(1));
        Row row = store.message(Deliveries.IG_MID + text.run() + "T");
        assertEquals("ignored", row.getString("status"), "a deleted message no longer waits for an answer");
        assertEquals("deleted by customer", row.getString("status_detail"));
    }

    @Test
    void anEchoOfOurOwnReplyIsIgnored() {
        Deliveries.Fixture echo = Deliveries.instagram("echo");
        store.outbound("instagram", Deliveries.INSTAGRAM_ACCOUNT, echo.customer(), echo.ourMessageId());
        post(echo).statusCode(200).body("echoes", equalTo(1));

        List<Row> rows = store.messages(echo.ourMessageId());
        assertEquals(1, rows.size(), "nothing stored besides our reply");
        assertEquals("Our reply", rows.get(0).getString("text"));
        assertTrue(rows.get(0).getBoolean("ai_enabled"), "the AI keeps answering");
        assertEquals(0, store.enqueued(echo.ourMessageId()).size());
    }

    @Test
    void anEchoOfAMessageWeDidNotSendPausesTheAiAndIsStoredAsAHumanReply() {
        Deliveries.Fixture text = Deliveries.instagram("text");
        post(text).statusCode(200).body("stored", equalTo(1));
        assertTrue(store.message(Deliveries.IG_MID + text.run() + "T").getBoolean("ai_enabled"));

        Deliveries.Fixture echo = withCustomer(Deliveries.instagram("echo"), text);
        post(echo).statusCode(200).body("echoes", equalTo(1));
        post(echo).statusCode(200).body("echoes", equalTo(1));

        Row human = store.message(echo.ourMessageId());
        assertEquals("outbound", human.getString("direction"));
        assertEquals("human", human.getString("status_detail"));
        assertEquals("Hi, this is Ana from the shop, I'll check for you", human.getString("text"));
        assertFalse(human.getBoolean("ai_enabled"), "the AI is paused on the conversation");
        assertEquals(0, store.enqueued(echo.ourMessageId()).size());

        // The customer's next message is stored but no longer handed to the AI.
        Deliveries.Fixture next = withCustomer(Deliveries.instagram("text"), text);
        post(next).statusCode(200).body("stored", equalTo(1));
        String nextMid = Deliveries.IG_MID + next.run() + "T";
        assertEquals("ignored", store.message(nextMid).getString("status"));
        assertEquals(0, store.enqueued(nextMid).size());
    }

    @Test
    void severalEventsAndEntriesInOneDeliveryAreStoredOnceEachUnderRedelivery() {
        Deliveries.Fixture delivery = Deliveries.instagram("multiple");
        post(delivery).statusCode(200).body("stored", equalTo(3));
        post(delivery).statusCode(200).body("duplicates", equalTo(3));
        post(delivery).statusCode(200).body("outcome", equalTo("DUPLICATE"));
        for (String suffix : List.of("1", "2", "3")) {
            assertEquals(1, store.messages(Deliveries.IG_MID + delivery.run() + suffix).size());
        }
    }

    /** The fixture sent by the customer of another. */
    private static Deliveries.Fixture withCustomer(Deliveries.Fixture fixture, Deliveries.Fixture like) {
        return new Deliveries.Fixture(fixture.body().replace(fixture.customer(), like.customer()), fixture.run(),
                like.customer(), "instagram");
    }

    private static io.restassured.response.ValidatableResponse post(Deliveries.Fixture delivery) {
        return post(delivery.body(), delivery.signature());
    }

    private static io.restassured.response.ValidatableResponse post(String body, String signature) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (signature != null) {
            request = request.header("X-Hub-Signature-256", signature);
        }
        return request.when().post(ROUTE).then();
    }
}
