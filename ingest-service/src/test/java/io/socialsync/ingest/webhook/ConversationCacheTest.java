package io.socialsync.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.socialsync.ingest.store.KnownConversation;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The conversation cache (DESIGN §3): a customer's first message creates the contact and conversation and caches
 * their ids under {@code conversation:{account}:{customer}}; later messages are stored without rewriting either row,
 * yet a new name, a paused AI, a newer timestamp and a conversation deleted behind the cache's back are all honoured.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class ConversationCacheTest {

    private static final long SENT_AT = 1_749_416_383L;

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    Store store;

    @Test
    void aKnownCustomersNextMessageLeavesTheContactAndConversationRowsAlone() {
        String customer = freshCustomer();
        String first = freshWamid();
        post(text(customer, "Sheena Nelson", first, SENT_AT)).statusCode(200).body("stored", equalTo(1));
        Row stored = store.message(first);
        UUID conversation = stored.getUUID("conversation_id");

        String cached = redis.value(String.class).get(RedisKeys.conversationCache(
                stored.getUUID("account_id").toString(), customer));
        assertNotNull(cached, "the first message caches the conversation");
        assertEquals(conversation, JsonCodec.decode(cached, KnownConversation.class).conversationId());
        String contactVersion = rowVersion("contacts", contactOf(conversation));
        String conversationVersion = rowVersion("conversations", conversation);

        String second = freshWamid();
        post(text(customer, "Sheena Nelson", second, SENT_AT)).statusCode(200).body("stored", equalTo(1));
        assertEquals(conversation, store.message(second).getUUID("conversation_id"));
        assertEquals(1, store.enqueued(second).size(), "enqueued like any other message");
        assertEquals(contactVersion, rowVersion("contacts", contactOf(conversation)), "contact row not rewritten");
        assertEquals(conversationVersion, rowVersion("conversations", conversation),
                "same second: conversation row not rewritten");

        String later = freshWamid();
        post(text(customer, "Sheena Nelson", later, SENT_AT + 60)).statusCode(200).body("stored", equalTo(1));
        assertEquals(OffsetDateTime.parse("2025-06-08T21:00:43Z").toInstant(),
                lastMessageAt(conversation).toInstant(), "a newer message moves last_message_at");
    }

    @Test
    void aKnownCustomerIsStoredOnceUnderRedelivery() {
        String customer = freshCustomer();
        post(text(customer, "Sheena Nelson", freshWamid(), SENT_AT)).statusCode(200);
        String wamid = freshWamid();
        String body = text(customer, "Sheena Nelson", wamid, SENT_AT);
        post(body).statusCode(200).body("stored", equalTo(1));
        post(body).statusCode(200).body("outcome", equalTo("DUPLICATE"));
        post(body).statusCode(200).body("outcome", equalTo("DUPLICATE"));
        assertEquals(1, store.messages(wamid).size());
    }

    @Test
    void aNewNameReachesTheContactRow() {
        String customer = freshCustomer();
        String first = freshWamid();
        post(text(customer, "Sheena Nelson", first, SENT_AT)).statusCode(200);
        String second = freshWamid();
        post(text(customer, "Sheena Nelson-Park", second, SENT_AT + 1)).statusCode(200).body("stored", equalTo(1));
        assertEquals("Sheena Nelson-Park", store.message(second).getString("display_name"));
        assertEquals(store.message(first).getUUID("conversation_id"), store.message(second).getUUID("conversation_id"));
    }

    @Test
    void aPausedConversationIsReadFromItsRowNotFromTheCache() {
        String customer = freshCustomer();
        UUID conversation = firstMessage(customer);
        store.execute("UPDATE conversations SET ai_enabled = false WHERE id = $1", conversation);

        String second = freshWamid();
        post(text(customer, "Sheena Nelson", second, SENT_AT + 1)).statusCode(200).body("stored", equalTo(1));
        Row row = store.message(second);
        assertEquals("awaiting_human", row.getString("status"), "kept for the person, not dropped");
        assertTrue(row.getString("status_detail").contains("ai paused"));
        assertTrue(store.enqueued(second).isEmpty(), "a paused conversation opens no batch");
    }

    @Test
    void aConversationPausedForAWhileWaitsForThePersonThenTheAiAnswersAgain() {
        String customer = freshCustomer();
        UUID conversation = firstMessage(customer);
        store.execute("UPDATE conversations SET ai_paused_until = now() + interval '1 hour' WHERE id = $1",
                conversation);

        String during = freshWamid();
        post(text(customer, "Sheena Nelson", during, SENT_AT + 1)).statusCode(200).body("stored", equalTo(1));
        assertEquals("awaiting_human", store.message(during).getString("status"));
        assertTrue(store.enqueued(during).isEmpty(), "the person answers it");
        post(text(customer, "Sheena Nelson", during, SENT_AT + 1)).statusCode(200).body("duplicates", equalTo(1));
        assertTrue(store.enqueued(during).isEmpty(), "a redelivery is not enqueued either");

        store.execute("UPDATE conversations SET ai_paused_until = now() - interval '1 second' WHERE id = $1",
                conversation);
        String after = freshWamid();
        post(text(customer, "Sheena Nelson", after, SENT_AT + 2)).statusCode(200).body("stored", equalTo(1));
        assertEquals("received", store.message(after).getString("status"));
        assertEquals(1, store.enqueued(after).size(), "the pause is over: the AI answers");
    }

    @Test
    void aConversationDeletedBehindTheCachesBackIsCreatedAgain() {
        String customer = freshCustomer();
        UUID conversation = firstMessage(customer);
        UUID contact = contactOf(conversation);
        // An operator erasing a customer: no trigger evicts the cached ids, which now name nothing.
        store.execute("DELETE FROM messages WHERE conversation_id = $1", conversation);
        store.execute("DELETE FROM conversations WHERE id = $1", conversation);
        store.execute("DELETE FROM contacts WHERE id = $1", contact);

        String second = freshWamid();
        post(text(customer, "Sheena Nelson", second, SENT_AT + 1)).statusCode(200).body("stored", equalTo(1));
        Row row = store.message(second);
        assertNotEquals(conversation, row.getUUID("conversation_id"), "a new conversation");
        assertEquals(customer, row.getString("platform_contact_id"));
        assertEquals(1, store.enqueued(second).size());

        String third = freshWamid();
        post(text(customer, "Sheena Nelson", third, SENT_AT + 2)).statusCode(200).body("stored", equalTo(1));
        assertEquals(row.getUUID("conversation_id"), store.message(third).getUUID("conversation_id"),
                "the new conversation is cached in turn");
    }

    /** Posts a customer's first message (which creates and caches the conversation); @return the conversation */
    private UUID firstMessage(String customer) {
        String wamid = freshWamid();
        post(text(customer, "Sheena Nelson", wamid, SENT_AT)).statusCode(200).body("stored", equalTo(1));
        return store.message(wamid).getUUID("conversation_id");
    }

    private UUID contactOf(UUID conversation) {
        return pool.preparedQuery("SELECT contact_id FROM conversations WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(conversation)).await().indefinitely()
                .iterator().next().getUUID(0);
    }

    /** The row version's system columns: they change whenever the row is rewritten, even to the same values. */
    private String rowVersion(String table, UUID id) {
        return pool.preparedQuery("SELECT xmin::text || '/' || ctid::text FROM " + table + " WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id)).await().indefinitely().iterator().next()
                .getString(0);
    }

    private OffsetDateTime lastMessageAt(UUID conversation) {
        return pool.preparedQuery("SELECT last_message_at FROM conversations WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(conversation)).await().indefinitely().iterator().next()
                .getOffsetDateTime(0);
    }

    private static String text(String customer, String name, String wamid, long sentAt) {
        return Deliveries.fixture("whatsapp/text.json")
                .replace(Deliveries.FIXTURE_CUSTOMER, customer)
                .replace(Deliveries.FIXTURE_WAMID, wamid)
                .replace("Sheena Nelson", name)
                .replace("\"" + SENT_AT + "\"", "\"" + sentAt + "\"");
    }

    private static String freshCustomer() {
        return String.valueOf(10_000_000_000L + (long) (Math.random() * 89_999_999_999L));
    }

    private static String freshWamid() {
        return "wamid.CACHE" + UUID.randomUUID().toString().replace("-", "");
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).header("X-Hub-Signature-256", Deliveries.sign(body)).body(body)
                .when().post("/webhooks/whatsapp").then();
    }
}
