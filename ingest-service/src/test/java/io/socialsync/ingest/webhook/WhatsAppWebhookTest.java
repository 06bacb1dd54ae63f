package io.socialsync.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.StreamFields;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** WhatsApp deliveries through the real HTTP route into the real PostgreSQL and Redis. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class WhatsAppWebhookTest {

    private static final String ROUTE = "/webhooks/whatsapp";

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    Store store;

    /** The tag in {@code status-sent-tagged.json}, replaced by the id of the part a test recorded. */
    private static final String FIXTURE_TAG = "5f0c7b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f";

    @Test
    void setupCheckEchoesTheChallengeOnlyForTheVerifyToken() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "test-verify-token")
                .queryParam("hub.challenge", "1158201444")
                .when().get(ROUTE)
                .then().statusCode(200).body(equalTo("1158201444"));
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "guess")
                .queryParam("hub.challenge", "1158201444")
                .when().get(ROUTE)
                .then().statusCode(403);
        given().queryParam("hub.mode", "subscribe").queryParam("hub.challenge", "1158201444")
                .when().get(ROUTE)
                .then().statusCode(403);
    }

    @Test
    void aSignedTextIsStoredAndEnqueuedBeforeTheAnswer() {
        Deliveries.Text text = Deliveries.whatsappText();
        post(text.body(), Deliveries.sign(text.body()))
                .statusCode(200).body("outcome", equalTo("ACCEPTED")).body("stored", equalTo(1));

        Row row = storedMessage(text.wamid()).get(0);
        assertEquals("inbound", row.getString("direction"));
        assertEquals("text", row.getString("type"));
        assertEquals("Does it come in another color? Grüße 😊", row.getString("text"), "text kept byte for byte");
        assertEquals("received", row.getString("status"));
        assertTrue(row.getInteger("token_count") > 0, "tokens counted");
        assertEquals(text.customer(), row.getString("platform_contact_id"));
        assertEquals("Sheena Nelson", row.getString("display_name"));

        List<UnifiedMessage> enqueued = enqueued(text.wamid());
        assertEquals(1, enqueued.size());
        UnifiedMessage message = enqueued.get(0);
        assertEquals(row.getUUID("id"), message.id(), "the stream carries the stored id");
        assertEquals(Platform.WHATSAPP, message.platform());
        assertEquals(Deliveries.ACCOUNT, message.accountId());
        assertEquals(text.customer(), message.contactId());
        assertEquals(UnifiedMessageType.TEXT, message.type());
        assertEquals(1749416383L, message.receivedAt().getEpochSecond());
    }

    @Test
    void aRedeliveredMessageIsStoredOnce() {
        Deliveries.Text text = Deliveries.whatsappText();
        String signature = Deliveries.sign(text.body());
        post(text.body(), signature).statusCode(200).body("stored", equalTo(1));
        post(text.body(), signature).statusCode(200).body("duplicates", equalTo(1));
        post(text.body(), signature).statusCode(200).body("outcome", equalTo("DUPLICATE"));

        assertEquals(1, storedMessage(text.wamid()).size());
        assertEquals(1, countRows("SELECT count(*) FROM conversations c JOIN contacts k ON k.id = c.contact_id "
                + "WHERE k.platform_contact_id = $1", text.customer()));
    }

    @Test
    void aForgedOrMissingSignatureIsRefusedAndStoresNothing() {
        Deliveries.Text text = Deliveries.whatsappText();
        String forged = Deliveries.sign(text.body().replace("another color", "a refund"));
        post(text.body(), forged)
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        given().contentType(ContentType.JSON).body(text.body()).when().post(ROUTE).then().statusCode(401);

        assertEquals(0, storedMessage(text.wamid()).size());
        assertEquals(0, countRows("SELECT count(*) FROM contacts WHERE platform_contact_id = $1", text.customer()));
        assertEquals(0, enqueued(text.wamid()).size());
    }

    @Test
    void badInputGetsAClearAnswerAndStoresNothing() {
        String notJson = "{\"object\": \"whatsapp_business_account\", \"entry\": [";
        post(notJson, Deliveries.sign(notJson)).statusCode(400).contentType("application/problem+json");
        String notWhatsApp = "{\"object\":\"page\",\"entry\":[]}";
        post(notWhatsApp, Deliveries.sign(notWhatsApp)).statusCode(400);

        Deliveries.Text text = Deliveries.whatsappText();
        given().contentType(ContentType.TEXT).header("X-Hub-Signature-256", Deliveries.sign(text.body()))
                .body(text.body())
                .when().post(ROUTE)
                .then().statusCode(415);
        assertEquals(0, storedMessage(text.wamid()).size());

        given().contentType(ContentType.JSON).body("{}").when().post("/webhooks/myspace").then().statusCode(404);
    }

    @Test
    void aDeliveryForAnAccountNeverRegisteredIsAcknowledgedIgnoredAndCounted() {
        String sample = "socialsync_webhooks_unknown_account_total{platform=\"whatsapp\"}";
        double before = Deliveries.metric(sample);
        Deliveries.Text text = Deliveries.whatsappText();
        String elsewhere = text.body().replace(Deliveries.ACCOUNT, "109999999999999");
        post(elsewhere, Deliveries.sign(elsewhere)).statusCode(200).body("outcome", equalTo("IGNORED"));
        assertEquals(0, storedMessage(text.wamid()).size());
        assertEquals(before + 1, Deliveries.metric(sample));
    }

    @Test
    void aTaggedStatusConfirmsAPartWhoseSendOutcomeWasUnknown() {
        Deliveries.Fixture sent = Deliveries.whatsapp("status-sent-tagged");
        // The responder wrote the request, then lost the answer: the part is 'sending' without the platform's id.
        UUID part = store.outboundPart("whatsapp", Deliveries.ACCOUNT, sent.customer(), UUID.randomUUID(), 1,
                "Second part of our reply", "sending", null);
        String body = sent.body().replace(FIXTURE_TAG, part.toString());
        for (int delivery = 0; delivery < 3; delivery++) {
            post(body, Deliveries.sign(body)).statusCode(200);
        }
        Row row = store.message(sent.ourMessageId());
        assertEquals(part, row.getUUID("id"), "the status found the part by its tag");
        assertEquals("sent", row.getString("status"));

        String delivered = Deliveries.fixture("whatsapp/status-delivered.json")
                .replace(Deliveries.OUR_WAMID, sent.ourMessageId());
        post(delivered, Deliveries.sign(delivered)).statusCode(200).body("updated", equalTo(1));
        post(delivered, Deliveries.sign(delivered)).statusCode(200).body("updated", equalTo(0));
        post(body, Deliveries.sign(body)).statusCode(200).body("updated", equalTo(0));
        assertEquals("delivered", store.message(sent.ourMessageId()).getString("status"), "a late sent undoes nothing");
    }

    @Test
    void aTaggedDeliveredOrFailedAlsoSettlesAnUnconfirmedPart() {
        Deliveries.Fixture first = Deliveries.whatsapp("status-sent-tagged");
        UUID queued = store.outboundPart("whatsapp", Deliveries.ACCOUNT, first.customer(), UUID.randomUUID(), 0,
                "Our reply", "queued", null);
        String delivered = first.body().replace(FIXTURE_TAG, queued.toString())
                .replace("\"status\": \"sent\"", "\"status\": \"delivered\"");
        post(delivered, Deliveries.sign(delivered)).statusCode(200).body("updated", equalTo(1));
        assertEquals("delivered", store.message(first.ourMessageId()).getString("status"));

        Deliveries.Fixture second = Deliveries.whatsapp("status-sent-tagged");
        UUID sending = store.outboundPart("whatsapp", Deliveries.ACCOUNT, second.customer(), UUID.randomUUID(), 0,
                "Our reply", "sending", null);
        String failed = second.body().replace(FIXTURE_TAG, sending.toString())
                .replace("\"status\": \"sent\"",
                        "\"status\": \"failed\", \"errors\": [{\"code\": 131026, "
                                + "\"title\": \"Message undeliverable\"}]");
        post(failed, Deliveries.sign(failed)).statusCode(200).body("updated", equalTo(1));
        Row row = store.message(second.ourMessageId());
        assertEquals("failed", row.getString("status"));
        assertEquals("error 131026: Message undeliverable", row.getString("status_detail"));
    }

    @Test
    void aTagThatIsNotOurPartFallsBackToThePlatformsId() {
        Deliveries.Fixture sent = Deliveries.whatsapp("status-sent-tagged");
        store.outboundPart("whatsapp", Deliveries.ACCOUNT, sent.customer(), null, 0, "Our reply", "sending",
                sent.ourMessageId());
        String body = sent.body().replace(FIXTURE_TAG, "campaign-42");
        post(body, Deliveries.sign(body)).statusCode(200).body("updated", equalTo(1));
        assertEquals("sent", store.message(sent.ourMessageId()).getString("status"));
    }

    @Test
    void statusesAreAcknowledgedWithoutStoringAMessage() {
        String statuses = Deliveries.fixture("whatsapp/status-delivered.json");
        post(statuses, Deliveries.sign(statuses)).statusCode(200).body("outcome", equalTo("IGNORED"));
    }

    @Test
    void deliveriesAreCountedByPlatformAndOutcome() {
        Deliveries.Text text = Deliveries.whatsappText();
        post(text.body(), Deliveries.sign(text.body())).statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString(
                        "socialsync_webhooks_total{outcome=\"accepted\",platform=\"whatsapp\"}"));
    }

    private static io.restassured.response.ValidatableResponse post(String body, String signature) {
        return given().contentType(ContentType.JSON).header("X-Hub-Signature-256", signature).body(body)
                .when().post(ROUTE)
                .then();
    }

    private List<Row> storedMessage(String wamid) {
        List<Row> rows = new java.util.ArrayList<>();
        pool.preparedQuery("""
                SELECT m.*, k.platform_contact_id, k.display_name FROM messages m
                JOIN conversations c ON c.id = m.conversation_id JOIN contacts k ON k.id = c.contact_id
                WHERE m.platform_message_id = $1
                """).execute(Tuple.of(wamid)).await().atMost(Duration.ofSeconds(5)).forEach(rows::add);
        return rows;
    }

    private int countRows(String sql, String parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getInteger(0);
    }

    private List<UnifiedMessage> enqueued(String wamid) {
        // Newest first; the stream is shared with other tests, so look only for this message.
        List<StreamMessage<String, String, String>> recent = redis.stream(String.class)
                .xrevrange(RedisKeys.INBOUND_STREAM, io.quarkus.redis.datasource.stream.StreamRange.of("+", "-"), 500);
        return recent.stream()
                .map(entry -> JsonCodec.decode(entry.payload().get(StreamFields.MESSAGE), UnifiedMessage.class))
                .filter(message -> wamid.equals(message.platformMessageId()))
                .toList();
    }
}
