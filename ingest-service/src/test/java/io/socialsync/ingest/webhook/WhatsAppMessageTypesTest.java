package io.socialsync.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Every WhatsApp message type, one real-shaped fixture each, through the HTTP route into PostgreSQL and the stream.
 * The bootstrap tenant is on the {@code starter} plan: images and documents, no audio, no video.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class WhatsAppMessageTypesTest {

    private static final String ROUTE = "/webhooks/whatsapp";
    private static final String BUTTON_CONTEXT = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA";
    private static final String OURS = "our-reply";

    @Inject
    Store store;

    /** What one fixture must become. {@code replyTo} {@value #OURS} stands for our reply's (fresh) wamid. */
    record Case(String fixture, String idSuffix, UnifiedMessageType type, String text, String mediaId, String mime,
            String replyTo, boolean planAllowed, boolean enqueued, String detail) {

        @Override
        public String toString() {
            return fixture;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("text", "NjU5OUFFRTAzODEwMTQ0RgA=", UnifiedMessageType.TEXT,
                        "Does it come in another color? Grüße 😊", null, null, null, true, true, null),
                new Case("image", "IMG1", UnifiedMessageType.IMAGE, "Is this one in stock?", "1479537139650973",
                        "image/jpeg", null, true, true, null),
                new Case("audio", "AUD1", UnifiedMessageType.AUDIO, null, "1003383421387256", "audio/ogg; codecs=opus",
                        null, false, true, "not in plan; voice"),
                new Case("video", "VID1", UnifiedMessageType.VIDEO, "Look at the scratch", "1166845181421234",
                        "video/mp4", null, false, true, "not in plan"),
                new Case("document", "DOC1", UnifiedMessageType.DOCUMENT, "invoice-0042.pdf", "1071645194526381",
                        "application/pdf", null, true, true, null),
                new Case("sticker", "STK1", UnifiedMessageType.STICKER, null, "891823159684322", "image/webp", null,
                        true, true, null),
                new Case("location", "LOC1", UnifiedMessageType.LOCATION,
                        "Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301, 37.483307,-122.148981", null, null, null,
                        true, true, null),
                new Case("contacts", "CON1", UnifiedMessageType.CONTACTS, "Barbara Johnson +1 (940) 555-1234", null,
                        null, null, true, true, null),
                new Case("interactive-button-reply", "BTN1", UnifiedMessageType.INTERACTIVE, "Change", null, null,
                        BUTTON_CONTEXT, true, true, "button_reply"),
                new Case("interactive-list-reply", "LST1", UnifiedMessageType.INTERACTIVE, "Express Shipping", null,
                        null, BUTTON_CONTEXT, true, true, "list_reply"),
                new Case("button", "QRB1", UnifiedMessageType.INTERACTIVE, "Stop promotions", null, null, OURS, true,
                        true, "button"),
                new Case("reaction", "RCT1", UnifiedMessageType.REACTION, "👍", null, null, OURS, true, false,
                        "react"),
                new Case("reaction-removed", "RCT2", UnifiedMessageType.REACTION, null, null, null, OURS, true, false,
                        "unreact"),
                new Case("unsupported", "UNS1", UnifiedMessageType.UNSUPPORTED, null, null, null, null, false, true,
                        "unsupported; type unsupported (poll) error 131051: Message type unknown"),
                new Case("reply-context", "CTX1", UnifiedMessageType.TEXT, "Yes, the blue one please", null, null,
                        OURS, true, true, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachTypeIsNormalisedStoredAndEnqueuedUnlessItIsAReaction(Case expected) {
        Deliveries.Fixture delivery = Deliveries.whatsapp(expected.fixture());
        post(delivery).statusCode(200).body("stored", equalTo(1));

        String wamid = Deliveries.WAMID_PREFIX + delivery.run() + expected.idSuffix();
        String replyTo = OURS.equals(expected.replyTo()) ? delivery.ourMessageId() : expected.replyTo();
        Row row = store.message(wamid);
        assertEquals("inbound", row.getString("direction"));
        assertEquals(expected.type().wire(), row.getString("type"));
        assertEquals(expected.text(), row.getString("text"));
        assertEquals(expected.mediaId(), row.getString("media_id"));
        assertEquals(expected.mime(), row.getString("media_mime_type"));
        assertEquals(replyTo, row.getString("reply_to_platform_id"));
        assertEquals(expected.planAllowed(), row.getBoolean("plan_allowed"));
        assertEquals(expected.detail(), row.getString("status_detail"));
        assertEquals(expected.enqueued() ? "received" : "ignored", row.getString("status"));
        assertEquals(delivery.customer(), row.getString("platform_contact_id"));

        List<UnifiedMessage> enqueued = store.enqueued(wamid);
        assertEquals(expected.enqueued() ? 1 : 0, enqueued.size(), "reactions never open a batch");
        if (expected.enqueued()) {
            UnifiedMessage message = enqueued.get(0);
            assertEquals(row.getUUID("id"), message.id());
            assertEquals(Platform.WHATSAPP, message.platform());
            assertEquals(Deliveries.ACCOUNT, message.accountId());
            assertEquals(delivery.customer(), message.contactId());
            assertEquals(expected.type(), message.type());
            assertEquals(expected.text(), message.text());
            assertEquals(expected.mediaId(), message.media() == null ? null : message.media().id());
            assertEquals(replyTo, message.replyToId());
            assertEquals(expected.planAllowed(), message.planAllowed());
            assertEquals(1749416383L, message.receivedAt().getEpochSecond());
        }
    }

    @Test
    void aUsernameOnlyCustomerIsKeyedOnTheBusinessScopedUserId() {
        Deliveries.Fixture delivery = Deliveries.whatsapp("username-only");
        post(delivery).statusCode(200).body("stored", equalTo(1));
        Row row = store.message(Deliveries.WAMID_PREFIX + delivery.run() + "USR1");
        assertEquals(Deliveries.FIXTURE_USER_ID + delivery.run(), row.getString("platform_contact_id"));
        assertEquals("Pablo Morales", row.getString("display_name"));
        assertEquals(1, store.enqueued(row.getString("platform_message_id")).size());
    }

    @Test
    void severalMessagesAndEntriesInOneDeliveryAreStoredOnceEachUnderRedelivery() {
        Deliveries.Fixture delivery = Deliveries.whatsapp("multiple");
        post(delivery).statusCode(200).body("stored", equalTo(3)).body("outcome", equalTo("ACCEPTED"));
        post(delivery).statusCode(200).body("stored", equalTo(0)).body("duplicates", equalTo(3));
        post(delivery).statusCode(200).body("outcome", equalTo("DUPLICATE"));

        for (String suffix : List.of("MUL1", "MUL2", "MUL3")) {
            String wamid = Deliveries.WAMID_PREFIX + delivery.run() + suffix;
            assertEquals(1, store.messages(wamid).size(), "stored exactly once: " + suffix);
            assertTrue(store.enqueued(wamid).size() >= 1, "enqueued: " + suffix);
        }
        assertEquals(1, store.count("SELECT count(*)::int FROM conversations c JOIN contacts k ON k.id = c.contact_id "
                + "WHERE k.platform_contact_id = $1", delivery.customer()), "one conversation for the customer");
        List<UnifiedMessage> first = store.enqueued(Deliveries.WAMID_PREFIX + delivery.run() + "MUL1");
        List<UnifiedMessage> third = store.enqueued(Deliveries.WAMID_PREFIX + delivery.run() + "MUL3");
        assertEquals("Hello", first.get(0).text());
        assertEquals("Third, in another entry", third.get(0).text());
    }

    @Test
    void statusesMoveOurStoredReplyForwardOnly() {
        Deliveries.Fixture sent = Deliveries.whatsapp("status-sent");
        String customer = sent.customer();
        store.outbound("whatsapp", Deliveries.ACCOUNT, customer, sent.ourMessageId());

        Deliveries.Fixture read = withRun(Deliveries.whatsapp("status-read"), sent);
        post(read).statusCode(200).body("updated", equalTo(1)).body("outcome", equalTo("ACCEPTED"));
        assertEquals("read", store.message(sent.ourMessageId()).getString("status"));

        // A late "sent" (Meta does not promise order) does not undo "read".
        post(sent).statusCode(200).body("updated", equalTo(0));
        assertEquals("read", store.message(sent.ourMessageId()).getString("status"));

        Deliveries.Fixture failed = withRun(Deliveries.whatsapp("status-failed"), sent);
        post(failed).statusCode(200).body("updated", equalTo(1));
        Row row = store.message(sent.ourMessageId());
        assertEquals("failed", row.getString("status"));
        assertEquals("error 131047: Re-engagement message", row.getString("status_detail"));
        assertEquals(0, store.enqueued(sent.ourMessageId()).size(), "statuses never open a batch");
    }

    @Test
    void aStatusForAMessageWeDoNotKnowIsAcknowledgedAndIgnored() {
        Deliveries.Fixture delivered = Deliveries.whatsapp("status-delivered");
        post(delivered).statusCode(200).body("outcome", equalTo("IGNORED")).body("ignored", equalTo(1));
    }

    /** The same fixture with the run (our reply's id) of another. */
    private static Deliveries.Fixture withRun(Deliveries.Fixture fixture, Deliveries.Fixture like) {
        String body = fixture.body().replace(fixture.ourMessageId(), like.ourMessageId());
        return new Deliveries.Fixture(body, like.run(), like.customer(), "whatsapp");
    }

    private static io.restassured.response.ValidatableResponse post(Deliveries.Fixture delivery) {
        return given().contentType(ContentType.JSON).header("X-Hub-Signature-256", delivery.signature())
                .body(delivery.body())
                .when().post(ROUTE)
                .then();
    }
}
