package io.socialsync.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

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
    void aDeliveryForAnAccountWeDoNotServeIsAcknowledgedAndIgnored() {
        Deliveries.Text text = Deliveries.whatsappText();
        String elsewhere = text.body().replace(Deliveries.ACCOUNT, "109999999999999");
        post(elsewhere, Deliveries.sign(elsewhere)).statusCode(200).body("outcome", equalTo("IGNORED"));
        assertEquals(0, storedMessage(text.wamid()).size());
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
