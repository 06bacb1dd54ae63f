package io.socialsync.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.model.HubSignature;
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
        post(byFacebook.body(), HubSignature.sign(Deliveries.FACEBOOK_SECRET,
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
        post(deletionOf(text, text.customer())).statusCode(200).body("updated", equalTo(1));
        Row row = store.message(Deliveries.IG_MID + text.run() + "T");
        assertEquals("ignored", row.getString("status"), "a deleted message no longer waits for an answer");
        assertEquals("deleted by customer", row.getString("status_detail"));
    }

    @Test
    void aCustomerCannotDeleteAnotherCustomersMessage() {
        Deliveries.Fixture text = Deliveries.instagram("text");
        post(text).statusCode(200).body("stored", equalTo(1));
        String otherCustomer = Deliveries.instagram("text").customer();
        post(deletionOf(text, otherCustomer)).statusCode(200).body("updated", equalTo(0));
        Row row = store.message(Deliveries.IG_MID + text.run() + "T");
        assertEquals("received", row.getString("status"), "still waiting for its answer");
        assertEquals(null, row.getString("status_detail"));
        assertEquals(1, store.enqueued(Deliveries.IG_MID + text.run() + "T").size());
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
    void anEchoOfAMessageWeDidNotSendIsAPersonsReplyThatPausesTheAiAndQueuesTheConversation() {
        Deliveries.Fixture text = Deliveries.instagram("text");
        post(text).statusCode(200).body("stored", equalTo(1));
        assertTrue(store.message(Deliveries.IG_MID + text.run() + "T").getBoolean("ai_enabled"));

        Deliveries.Fixture echo = echoNow(withCustomer(Deliveries.instagram("echo"), text), null, null);
        for (int delivery = 0; delivery < 3; delivery++) {
            postedAtOnce(echo).statusCode(200).body("echoes", equalTo(1));
        }

        Row human = store.message(echo.ourMessageId());
        assertEquals("outbound", human.getString("direction"));
        assertEquals("sent", human.getString("status"));
        assertEquals("human", human.getString("status_detail"));
        assertEquals("Hi, this is Ana from the shop, I'll check for you", human.getString("text"));
        assertTrue(human.getBoolean("ai_enabled"), "not switched off: paused for a while");
        Row conversation = store.row("SELECT status, ai_paused_until > now() + interval '119 minutes' AS paused, "
                + "ai_paused_until < now() + interval '121 minutes' AS for_two_hours FROM conversations WHERE id = $1",
                human.getUUID("conversation_id"));
        assertEquals("waiting_for_human", conversation.getString("status"), "shows in the waiting queue");
        assertTrue(conversation.getBoolean("paused") && conversation.getBoolean("for_two_hours"),
                "paused for socialsync.handoff.human-pause (2h)");
        assertEquals(1, store.count("SELECT count(*)::int FROM escalations WHERE conversation_id = $1 "
                + "AND reason = 'human_replied' AND resolved_at IS NULL AND batch_id IS NULL",
                human.getUUID("conversation_id")), "one escalation, however often the echo is redelivered");
        assertEquals(0, store.enqueued(echo.ourMessageId()).size());

        // The customer's next message waits for the person, in their view, and is not handed to the AI.
        Deliveries.Fixture next = withCustomer(Deliveries.instagram("text"), text);
        post(next).statusCode(200).body("stored", equalTo(1));
        String nextMid = Deliveries.IG_MID + next.run() + "T";
        assertEquals("awaiting_human", store.message(nextMid).getString("status"));
        assertEquals(0, store.enqueued(nextMid).size());
    }

    @Test
    void theEchoesOfAFourPartReplyConfirmItsPartsInAnyOrderWithoutPausingTheAi() {
        Deliveries.Fixture text = Deliveries.instagram("text");
        post(text).statusCode(200).body("stored", equalTo(1));
        UUID batch = UUID.randomUUID();
        List<String> texts = List.of("We ship to Lisbon, yes.", "Delivery takes 3 to 5 working days.",
                "Shipping is free above 50 EUR.", "Anything else I can help with?");
        String[] statuses = {"sent", "sending", "sending", "queued"};
        List<UUID> parts = new ArrayList<>();
        List<Deliveries.Fixture> echoes = new ArrayList<>();
        for (int part = 0; part < 4; part++) {
            Deliveries.Fixture echo = echoNow(withCustomer(Deliveries.instagram("echo"), text), texts.get(part), null);
            echoes.add(echo);
            // Part 0's send was answered; parts 1-3 were recorded, their ids not known yet (the echoes come first).
            parts.add(store.outboundPart("instagram", Deliveries.INSTAGRAM_ACCOUNT, text.customer(), batch, part,
                    texts.get(part), statuses[part], part == 0 ? echo.ourMessageId() : null));
        }

        for (int part : new int[]{2, 0, 3, 1}) {
            postedAtOnce(echoes.get(part)).statusCode(200).body("echoes", equalTo(1));
        }
        postedAtOnce(echoes.get(3)).statusCode(200).body("echoes", equalTo(1));

        for (int part = 0; part < 4; part++) {
            Row row = store.message(echoes.get(part).ourMessageId());
            assertEquals(parts.get(part), row.getUUID("id"), "part " + part + " took its echo's id");
            assertEquals("sent", row.getString("status"));
            assertEquals(null, row.getString("status_detail"));
        }
        UUID conversation = store.message(echoes.get(0).ourMessageId()).getUUID("conversation_id");
        assertEquals(0, store.count("SELECT count(*)::int FROM messages WHERE conversation_id = $1 "
                + "AND status_detail = 'human'", conversation), "no person's reply stored");
        Row state = store.row("SELECT status, ai_enabled, ai_paused_until FROM conversations WHERE id = $1",
                conversation);
        assertEquals("open", state.getString("status"));
        assertTrue(state.getBoolean("ai_enabled"));
        assertEquals(null, state.getValue("ai_paused_until"), "the AI is not paused");
        assertEquals(0, store.count("SELECT count(*)::int FROM escalations WHERE conversation_id = $1", conversation));
    }

    @Test
    void echoesArrivingTogetherEachConfirmTheirOwnPart() throws Exception {
        Deliveries.Fixture text = Deliveries.instagram("text");
        post(text).statusCode(200).body("stored", equalTo(1));
        UUID batch = UUID.randomUUID();
        List<UUID> parts = new ArrayList<>();
        List<Deliveries.Fixture> echoes = new ArrayList<>();
        for (int part = 0; part < 4; part++) {
            String partText = "Part " + part + " of a long answer about delivery times.";
            echoes.add(echoNow(withCustomer(Deliveries.instagram("echo"), text), partText, null));
            parts.add(store.outboundPart("instagram", Deliveries.INSTAGRAM_ACCOUNT, text.customer(), batch, part,
                    partText, "sending", null));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (Deliveries.Fixture echo : echoes) {
                answers.add(pool.submit(() -> post(echo).extract().statusCode()));
            }
            for (var answer : answers) {
                assertEquals(200, answer.get(10, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        for (int part = 0; part < 4; part++) {
            Row row = store.message(echoes.get(part).ourMessageId());
            assertEquals(parts.get(part), row.getUUID("id"));
            assertEquals("sent", row.getString("status"));
        }
        assertEquals(0, store.count("SELECT count(*)::int FROM messages m JOIN conversations c "
                + "ON c.id = m.conversation_id WHERE m.conversation_id = (SELECT conversation_id FROM messages "
                + "WHERE id = $1) AND (m.status_detail = 'human' OR c.ai_paused_until IS NOT NULL)", parts.get(0)));
    }

    @Test
    void anInactiveAccountsEchoesStillApply() {
        String account = store.account("instagram", "pro");
        store.execute("UPDATE social_accounts SET active = false, flagged_reason = 'token rejected (190)' "
                + "WHERE platform = 'instagram' AND platform_account_id = $1", account);
        Deliveries.Fixture fresh = echoNow(Deliveries.instagram("echo"), null, null);
        Deliveries.Fixture echo = new Deliveries.Fixture(fresh.body().replace(Deliveries.INSTAGRAM_ACCOUNT, account),
                fresh.run(), fresh.customer(), "instagram");
        postedAtOnce(echo).statusCode(200).body("echoes", equalTo(1));
        Row human = store.message(echo.ourMessageId());
        assertEquals("human", human.getString("status_detail"));
        assertEquals("waiting_for_human", store.row("SELECT status FROM conversations WHERE id = $1",
                human.getUUID("conversation_id")).getString("status"));
    }

    @Test
    void anEchoMatchesOnlyTheSameCustomersPartWithTheIdenticalText() {
        Deliveries.Fixture text = Deliveries.instagram("text");
        post(text).statusCode(200).body("stored", equalTo(1));
        String reply = "Our opening hours are 9 to 18.";
        UUID part = store.outboundPart("instagram", Deliveries.INSTAGRAM_ACCOUNT, text.customer(), UUID.randomUUID(),
                0, reply, "sending", null);

        // The same text to another customer is that customer's business: a person wrote it.
        Deliveries.Fixture elsewhere = echoNow(Deliveries.instagram("echo"), reply, null);
        postedAtOnce(elsewhere).statusCode(200).body("echoes", equalTo(1));
        assertEquals("human", store.message(elsewhere.ourMessageId()).getString("status_detail"));
        // That customer is new to this replica's caches: their answer takes the upserting statement, and waits too.
        Deliveries.Fixture answer = withCustomer(Deliveries.instagram("text"), elsewhere);
        post(answer).statusCode(200).body("stored", equalTo(1));
        assertEquals("awaiting_human", store.message(Deliveries.IG_MID + answer.run() + "T").getString("status"));
        // Another text to our customer: a person's too.
        Deliveries.Fixture other = echoNow(withCustomer(Deliveries.instagram("echo"), text), reply + " Or 10.", null);
        postedAtOnce(other).statusCode(200);
        assertEquals("human", store.message(other.ourMessageId()).getString("status_detail"));
        assertEquals("sending", store.row("SELECT status FROM messages WHERE id = $1", part).getString("status"));
        // An echo from long ago does not confirm a part sent now.
        Deliveries.Fixture old = echoNow(withCustomer(Deliveries.instagram("echo"), text), reply,
                System.currentTimeMillis() - 3_600_000);
        postedAtOnce(old).statusCode(200);
        assertEquals("human", store.message(old.ourMessageId()).getString("status_detail"));

        Deliveries.Fixture ours = echoNow(withCustomer(Deliveries.instagram("echo"), text), reply, null);
        postedAtOnce(ours).statusCode(200);
        assertEquals(part, store.message(ours.ourMessageId()).getUUID("id"));
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

    /** A deletion, sent by {@code sender}, of the text message of {@code text}. */
    private static Deliveries.Fixture deletionOf(Deliveries.Fixture text, String sender) {
        Deliveries.Fixture deleted = Deliveries.instagram("deleted");
        String body = deleted.body()
                .replace(Deliveries.IG_MID + deleted.run() + "T", Deliveries.IG_MID + text.run() + "T")
                .replace(deleted.customer(), sender);
        return new Deliveries.Fixture(body, text.run(), sender, "instagram");
    }

    /**
     * The echo fixture sent at {@code atMillis} (now when null) with this text (the fixture's when null): our part's
     * echo arrives within seconds of its send.
     */
    private static Deliveries.Fixture echoNow(Deliveries.Fixture echo, String text, Long atMillis) {
        String body = echo.body().replace("1749416383123",
                String.valueOf(atMillis == null ? System.currentTimeMillis() : atMillis));
        if (text != null) {
            body = body.replace("Hi, this is Ana from the shop, I'll check for you", text);
        }
        return new Deliveries.Fixture(body, echo.run(), echo.customer(), "instagram");
    }

    /**
     * Posts an echo; ingest decides it on the request path, without waiting for anything. The bound leaves room for a
     * busy shared machine and stays well below the 3 s the removed grace wait took.
     */
    private static io.restassured.response.ValidatableResponse postedAtOnce(Deliveries.Fixture echo) {
        long started = System.nanoTime();
        var response = post(echo);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 1_500, "an echo is answered at once, took " + millis + " ms");
        return response;
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
