package io.socialsync.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Plan gating at the door, and the account cache it reads: a type outside the plan, or a text over the token limit,
 * is stored and enqueued with {@code planAllowed=false} (the responder sends the notice); a cached account is used
 * without PostgreSQL, and a change of the account's plan evicts it.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class PlanGatingAndCacheTest {

    @Inject
    RedisDataSource redis;

    @Inject
    Store store;

    @Test
    void aMediaTypeOutsideThePlanIsStoredAndEnqueuedAsNotAllowed() {
        String account = store.account("whatsapp", "free");
        Image image = image(account);
        post(image.body()).statusCode(200).body("stored", equalTo(1));

        Row row = store.message(image.wamid());
        assertEquals("image", row.getString("type"));
        assertFalse(row.getBoolean("plan_allowed"));
        assertEquals("not in plan", row.getString("status_detail"));
        assertEquals("received", row.getString("status"), "waiting for its notice");
        List<UnifiedMessage> enqueued = store.enqueued(image.wamid());
        assertEquals(1, enqueued.size(), "never a silent drop: the responder answers it with the notice");
        assertFalse(enqueued.get(0).planAllowed());
    }

    @Test
    void aTextOverTheTokenLimitIsNotAllowed() {
        Deliveries.Fixture delivery = Deliveries.whatsapp("text");
        String body = delivery.body().replace("Does it come in another color?", " hello".repeat(7_100));
        post(body).statusCode(200).body("stored", equalTo(1));
        Row row = store.message(delivery.messageId(Deliveries.FIXTURE_WAMID));
        assertTrue(row.getInteger("token_count") > 7_000, "counted: " + row.getInteger("token_count"));
        assertFalse(row.getBoolean("plan_allowed"));
        assertEquals("over token limit", row.getString("status_detail"));
        assertFalse(store.enqueued(delivery.messageId(Deliveries.FIXTURE_WAMID)).get(0).planAllowed());

        Deliveries.Fixture shorter = Deliveries.whatsapp("text");
        String fits = shorter.body().replace("Does it come in another color?", " hello".repeat(6_900));
        post(fits).statusCode(200);
        assertTrue(store.message(shorter.messageId(Deliveries.FIXTURE_WAMID)).getBoolean("plan_allowed"));
    }

    @Test
    void theAccountIsServedFromTheCacheOnceLoaded() {
        String account = store.account("whatsapp", "free");
        String key = RedisKeys.credentials(Platform.WHATSAPP, account);
        String cached = cachedAfterADelivery(account, key);
        assertTrue(redis.key().pttl(key) > Duration.ofMinutes(59).toMillis(), "1 h TTL");

        // Prove the hit: a cached entry that (unlike the database) allows images is what ingest acts on.
        redis.value(String.class).set(key, cached.replace("\"allowsImages\":false", "\"allowsImages\":true"));
        Deliveries.pause(700); // the replica's near copy (socialsync.cache.local-ttl, 500 ms in tests) expires first
        Image served = image(account);
        post(served.body()).statusCode(200);
        assertTrue(store.message(served.wamid()).getBoolean("plan_allowed"), "read from the cache, not PostgreSQL");
    }

    @Test
    void aPlanChangeEvictsTheCachedAccountAndTheNextMessageSeesTheNewPlan() {
        String account = store.account("whatsapp", "free");
        String key = RedisKeys.credentials(Platform.WHATSAPP, account);
        cachedAfterADelivery(account, key);
        Image before = image(account);
        post(before.body()).statusCode(200);
        assertFalse(store.message(before.wamid()).getBoolean("plan_allowed"));

        store.execute("UPDATE tenants SET plan_code = 'pro' WHERE id = "
                + "(SELECT tenant_id FROM social_accounts WHERE platform = 'whatsapp' AND platform_account_id = $1)",
                account);
        awaitEvicted(key);

        Image after = image(account);
        post(after.body()).statusCode(200);
        assertTrue(store.message(after.wamid()).getBoolean("plan_allowed"), "the new plan includes images");
    }

    @Test
    void deactivatingAnAccountEvictsItAndItsMessagesAreHeldNotDropped() {
        String account = store.account("whatsapp", "pro");
        String key = RedisKeys.credentials(Platform.WHATSAPP, account);
        cachedAfterADelivery(account, key);

        store.execute("UPDATE social_accounts SET active = false, flagged_reason = 'token rejected (190)' "
                + "WHERE platform = 'whatsapp' AND platform_account_id = $1", account);
        awaitEvicted(key);
        double heldBefore = Deliveries.metric("socialsync_messages_held_total{platform=\"whatsapp\"}");
        Image held = image(account);
        post(held.body()).statusCode(200).body("outcome", equalTo("ACCEPTED")).body("stored", equalTo(1));
        Row row = store.message(held.wamid());
        assertEquals("held", row.getString("status"));
        assertTrue(row.getString("status_detail").startsWith("token rejected (190)"), row.getString("status_detail"));
        assertTrue(store.enqueued(held.wamid()).isEmpty(), "held until the account is active again");
        assertEquals(heldBefore + 1, Deliveries.metric("socialsync_messages_held_total{platform=\"whatsapp\"}"));
        assertTrue(redis.value(String.class).get(key).contains("\"active\":false"), "the cache knows it is inactive");

        post(held.body()).statusCode(200).body("duplicates", equalTo(1));
        assertTrue(store.enqueued(held.wamid()).isEmpty(), "a redelivery of a held message is not enqueued");
        assertEquals("held", store.message(held.wamid()).getString("status"));
    }

    @Test
    void anInactiveAccountWithoutAFlagIsHeldForThatReasonAndItsStatusesStillApply() {
        String account = store.account("whatsapp", "pro");
        store.execute("UPDATE social_accounts SET active = false WHERE platform = 'whatsapp' "
                + "AND platform_account_id = $1", account);
        Image held = image(account);
        post(held.body()).statusCode(200).body("stored", equalTo(1));
        assertEquals("account inactive", store.message(held.wamid()).getString("status_detail"));

        String ours = "wamid.HELD" + java.util.UUID.randomUUID().toString().replace("-", "");
        store.outbound("whatsapp", account, "16505550000", ours);
        String delivered = Deliveries.fixture("whatsapp/status-delivered.json")
                .replace(Deliveries.ACCOUNT, account).replace(Deliveries.OUR_WAMID, ours);
        post(delivered).statusCode(200).body("updated", equalTo(1));
        assertEquals("delivered", store.message(ours).getString("status"));
    }

    /**
     * Posts images to the account until its entry stays cached. Creating the account sent an eviction notice of its
     * own (insert trigger), which may be processed after the first delivery cached the entry.
     */
    private String cachedAfterADelivery(String account, String key) {
        for (int attempt = 0; attempt < 50; attempt++) {
            post(image(account).body()).statusCode(200).body("stored", equalTo(1));
            Deliveries.pause(50);
            String cached = redis.value(String.class).get(key);
            if (cached != null) {
                return cached;
            }
        }
        throw new AssertionError("the account was never cached: " + key);
    }

    private void awaitEvicted(String key) {
        long deadline = System.currentTimeMillis() + 5_000;
        while (redis.value(String.class).get(key) != null) {
            assertTrue(System.currentTimeMillis() < deadline, "the NOTIFY evicted " + key);
            Deliveries.pause(20);
        }
    }

    record Image(String body, String wamid) {
    }

    /** The image fixture sent to this account. */
    private static Image image(String account) {
        Deliveries.Fixture fixture = Deliveries.whatsapp("image");
        String body = fixture.body().replace(Deliveries.ACCOUNT, account);
        return new Image(body, Deliveries.WAMID_PREFIX + fixture.run() + "IMG1");
    }

    private static io.restassured.response.ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).header("X-Hub-Signature-256", Deliveries.sign(body)).body(body)
                .when().post("/webhooks/whatsapp").then();
    }
}
