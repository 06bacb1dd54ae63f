package io.socialsync.responder.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.socialsync.crypto.StoredTokens;
import io.socialsync.crypto.TokenKeys;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A key rotation as an operator runs it: the new key is deployed as primary with the old one still listed; tokens
 * sealed under the old key keep working meanwhile; the re-encryption puts every row under the new key, after which
 * the old key can go. Plaintext rows from before encryption are sealed too.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.RotatedKeys.class)
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class KeyRotationTest {

    // Fixed, not random: the profile is read by another class loader than the test's, so both must agree.
    static final String OLD = "old-2026-01:" + Base64.getEncoder().encodeToString(bytes(1));
    static final String NEW = "new-2026-06:" + Base64.getEncoder().encodeToString(bytes(2));

    /** The service runs with the new primary key and the old one behind it. */
    public static class RotatedKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("socialsync.crypto.keys", NEW + "," + OLD);
        }
    }

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    StoredTokens stored;

    private static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return key;
    }

    @Test
    void oldCiphertextsWorkDuringTheRotationAndTheReencryptionPutsEveryRowUnderThePrimary() {
        TokenKeys oldKeys = TokenKeys.parse(List.of(OLD));
        Seeds.Business business = Seeds.business(pool);
        String token = "EAAG-rotating-" + UUID.randomUUID();
        var sealedUnderOld = oldKeys.seal(Platform.WHATSAPP, business.phoneNumberId(), token);
        pool.preparedQuery("UPDATE social_accounts SET access_token = $2, token_key_id = $3 WHERE id = $1")
                .execute(Tuple.of(business.accountId(), sealedUnderOld.value(), sealedUnderOld.keyId()))
                .await().indefinitely();
        Seeds.Business legacy = Seeds.business(pool); // plaintext, as written before encryption existed
        Seeds.knowledge(pool, business, "Opening hours: we are open Monday to Friday, 9 to 18.");

        // During the rotation the old ciphertext still opens: the reply goes out with the token.
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, "4915100000801", "What are your opening hours?");
        Seeds.makeDue(redis, burst);
        LoggedRequest reply = Seeds.awaitReplies(business, "4915100000801", 1).get(0);
        assertEquals("Bearer " + token, reply.getHeader("Authorization"));

        assertTrue(stored.sealPlaintext().await().indefinitely().resealed() >= 1);
        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).when().post("/admin/token-keys/re-encrypt").then()
                .statusCode(200).body("resealed", greaterThanOrEqualTo(1)).body("failed", equalTo(0));

        assertEquals(0L, pool.query("""
                SELECT count(*) FROM social_accounts
                WHERE access_token IS NOT NULL AND token_key_id IS DISTINCT FROM 'new-2026-06'""")
                .execute().await().indefinitely().iterator().next().getLong(0), "every row under the primary");
        TokenKeys newOnly = TokenKeys.parse(List.of(NEW));
        Row rotated = row(business.accountId());
        assertTrue(rotated.getString("access_token").startsWith("enc:new-2026-06:"));
        assertEquals(token, newOnly.open(Platform.WHATSAPP, business.phoneNumberId(),
                rotated.getString("access_token")), "opens without the old key");
        Row sealedLegacy = row(legacy.accountId());
        assertFalse(sealedLegacy.getString("access_token").contains("token-of-"));
        assertEquals("token-of-" + legacy.phoneNumberId(), newOnly.open(Platform.WHATSAPP, legacy.phoneNumberId(),
                sealedLegacy.getString("access_token")));

        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).when().post("/admin/token-keys/re-encrypt").then()
                .statusCode(200).body("examined", equalTo(0));
        AdminFixtures.tenant(pool).asTenant().when().post("/admin/token-keys/re-encrypt").then().statusCode(403);
    }

    private Row row(UUID accountId) {
        return pool.preparedQuery("SELECT access_token, token_key_id FROM social_accounts WHERE id = $1")
                .execute(Tuple.of(accountId)).await().indefinitely().iterator().next();
    }
}
