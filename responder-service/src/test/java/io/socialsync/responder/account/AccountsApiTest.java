package io.socialsync.responder.account;

import static io.restassured.RestAssured.given;
import static io.socialsync.responder.account.PlatformAccountStubs.graphError;
import static io.socialsync.responder.account.PlatformAccountStubs.instagramMe;
import static io.socialsync.responder.account.PlatformAccountStubs.instagramSubscription;
import static io.socialsync.responder.account.PlatformAccountStubs.me;
import static io.socialsync.responder.account.PlatformAccountStubs.number;
import static io.socialsync.responder.account.PlatformAccountStubs.phoneNumberId;
import static io.socialsync.responder.account.PlatformAccountStubs.success;
import static io.socialsync.responder.account.PlatformAccountStubs.token;
import static io.socialsync.responder.account.PlatformAccountStubs.wabaSubscription;
import static io.socialsync.responder.account.PlatformAccountStubs.whatsAppNumber;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.socialsync.crypto.TokenCipher;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.responder.admin.AdminFixtures.Tenant;
import io.socialsync.responder.platform.GraphStubs;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The accounts API against WireMock as the Graph API and a real PostgreSQL: tokens are checked before anything is
 * stored, stored sealed, never returned; tenants stay apart; a rejected token is fixed through the API.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class AccountsApiTest {

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    TokenCipher cipher;

    private static String whatsApp(String phoneNumberId, String token, String wabaId) {
        return "{\"platform\":\"whatsapp\",\"platformAccountId\":\"" + phoneNumberId + "\",\"accessToken\":\"" + token
                + "\"" + (wabaId == null ? "" : ",\"wabaId\":\"" + wabaId + "\"") + "}";
    }

    private static ValidatableResponse connect(Tenant tenant, String body) {
        return tenant.asTenant().contentType(ContentType.JSON).body(body).when().post("/admin/accounts").then();
    }

    /** Credits and an answer in the knowledge base, so that the offline AI replies instead of handing off. */
    private Seeds.Business answering(Tenant tenant, String accountId, String phoneNumberId) {
        pool.preparedQuery("UPDATE tenants SET credit_balance = 100 WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(tenant.id())).await().indefinitely();
        Seeds.Business business = new Seeds.Business(tenant.id(), UUID.fromString(accountId), phoneNumberId);
        Seeds.knowledge(pool, business, "Opening hours: we are open Monday to Friday, 9 to 18.");
        return business;
    }

    private Row stored(String platform, String platformAccountId) {
        List<Row> rows = Seeds.rows(pool, "SELECT * FROM social_accounts WHERE platform_account_id = $1",
                platformAccountId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Test
    void connectingChecksTheNumberSubscribesTheWabaAndStoresTheTokenSealed() {
        Tenant tenant = AdminFixtures.tenant(pool);
        String id = phoneNumberId();
        String token = token();
        String waba = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits()));
        whatsAppNumber(id, token, number(id, "ACME Shop"));
        wabaSubscription(waba, token, success());

        String accountId = connect(tenant, whatsApp(id, token, waba)).statusCode(201)
                .header("Location", containsString("/admin/accounts/"))
                .body("account.state", equalTo("active"))
                .body("account.displayName", equalTo("ACME Shop"))
                .body("account.tenant", equalTo(tenant.slug()))
                .body("account.tokenKeyId", equalTo(cipher.primaryKeyId()))
                .body("account.accessToken", nullValue())
                .body("webhooks.subscribed", equalTo(true))
                .body(not(containsString(token)))
                .extract().path("account.id");

        Row row = stored("whatsapp", id);
        String raw = row.getString("access_token");
        assertTrue(raw.startsWith("enc:" + cipher.primaryKeyId() + ":"), "sealed under the primary key");
        assertFalse(raw.contains(token), "the raw column never holds the token");
        assertEquals(cipher.primaryKeyId(), row.getString("token_key_id"));
        assertEquals(token, cipher.open(Platform.WHATSAPP, id, raw));
        assertEquals(waba, row.getString("waba_id"));

        tenant.asTenant().when().get("/admin/accounts/{id}", accountId).then().statusCode(200)
                .body("platformAccountId", equalTo(id)).body(not(containsString(token)));
        tenant.asTenant().when().get("/admin/accounts").then().statusCode(200)
                .body("id", hasItem(accountId)).body(not(containsString(token)));

        // The reply pipeline opens the sealed token: the send carries the token itself.
        Seeds.Business business = answering(tenant, accountId, id);
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, "4915100000701", "What are your opening hours?");
        Seeds.makeDue(redis, burst);
        LoggedRequest reply = Seeds.awaitReplies(business, "4915100000701", 1).get(0);
        assertEquals("Bearer " + token, reply.getHeader("Authorization"));
    }

    @Test
    void withoutAWabaIdTheAnswerSaysWhatWasNotDone() {
        Tenant tenant = AdminFixtures.tenant(pool);
        String id = phoneNumberId();
        String token = token();
        whatsAppNumber(id, token, number(id, "No WABA"));
        connect(tenant, whatsApp(id, token, null)).statusCode(201)
                .body("webhooks.subscribed", equalTo(false))
                .body("webhooks.detail", containsString("wabaId"));
    }

    @Test
    void aWrongTokenAWrongIdOrAMissingPermissionAnswer422AndStoreNothing() {
        Tenant tenant = AdminFixtures.tenant(pool);
        String badToken = phoneNumberId();
        String wrongId = phoneNumberId();
        String noPermission = phoneNumberId();
        String token = token();
        whatsAppNumber(badToken, token, graphError(401, 190));
        whatsAppNumber(wrongId, token, graphError(400, 100));
        whatsAppNumber(noPermission, token, graphError(403, 10));

        for (String id : List.of(badToken, wrongId, noPermission)) {
            connect(tenant, whatsApp(id, token, null)).statusCode(422)
                    .contentType("application/problem+json")
                    .body("detail", containsString("explained by the platform"))
                    .body(not(containsString(token)));
            assertEquals(null, stored("whatsapp", id), "nothing stored for " + id);
        }
        connect(tenant, whatsApp(badToken, token, null)).body("detail", containsString("190"));
        connect(tenant, whatsApp(wrongId, token, null)).body("detail", containsString("100"));
    }

    @Test
    void instagramChecksThatTheTokenIsTheAccountsAndSubscribesItsMessagingFields() {
        Tenant tenant = AdminFixtures.tenant(pool);
        String igId = "1784" + phoneNumberId();
        String token = token();
        instagramMe(token, me(igId, "acme.shop"));
        instagramSubscription(token, success());
        String body = "{\"platform\":\"instagram\",\"platformAccountId\":\"" + igId + "\",\"accessToken\":\"" + token
                + "\"}";
        connect(tenant, body).statusCode(201).body("account.displayName", equalTo("acme.shop"))
                .body("account.platform", equalTo("instagram")).body("webhooks.subscribed", equalTo(true));
        assertTrue(stored("instagram", igId).getString("access_token").startsWith("enc:"));

        // A subscription the platform refuses does not undo the connection; the answer says what was not done.
        String refusedToken = token();
        String refusedId = "1784" + phoneNumberId();
        instagramMe(refusedToken, me(refusedId, "acme.outlet"));
        instagramSubscription(refusedToken, graphError(403, 200));
        connect(tenant, "{\"platform\":\"instagram\",\"platformAccountId\":\"" + refusedId
                + "\",\"accessToken\":\"" + refusedToken + "\"}").statusCode(201)
                .body("account.state", equalTo("active")).body("webhooks.subscribed", equalTo(false))
                .body("webhooks.detail", containsString("Graph error 200"));

        String otherId = "1784" + phoneNumberId();
        connect(tenant, "{\"platform\":\"instagram\",\"platformAccountId\":\"" + otherId + "\",\"accessToken\":\""
                + token + "\"}").statusCode(422).body("detail", containsString("belongs to Instagram account"));
        assertEquals(null, stored("instagram", otherId));
    }

    @Test
    void aTenantCannotSeeChangeOrConnectOverAnotherTenantsAccount() {
        Tenant owner = AdminFixtures.tenant(pool);
        Tenant other = AdminFixtures.tenant(pool);
        String id = phoneNumberId();
        String token = token();
        whatsAppNumber(id, token, number(id, "Owner"));
        String accountId = connect(owner, whatsApp(id, token, null)).statusCode(201).extract().path("account.id");
        String sealedBefore = stored("whatsapp", id).getString("access_token");

        String otherToken = token();
        whatsAppNumber(id, otherToken, number(id, "Intruder"));
        connect(other, whatsApp(id, otherToken, null)).statusCode(409);
        other.asTenant().when().get("/admin/accounts/{id}", accountId).then().statusCode(404);
        other.asTenant().contentType(ContentType.JSON).body("{\"accessToken\":\"" + otherToken + "\"}")
                .when().put("/admin/accounts/{id}/token", accountId).then().statusCode(404);
        other.asTenant().when().post("/admin/accounts/{id}/deactivate", accountId).then().statusCode(404);
        other.asTenant().when().post("/admin/accounts/{id}/check", accountId).then().statusCode(404);
        other.asTenant().when().delete("/admin/accounts/{id}", accountId).then().statusCode(404);
        other.asTenant().when().get("/admin/accounts").then().statusCode(200).body("id", not(hasItem(accountId)));
        other.asTenant().when().get("/admin/accounts?tenant={slug}", owner.slug()).then().statusCode(403);

        Row row = stored("whatsapp", id);
        assertEquals(owner.id(), row.getUUID("tenant_id"));
        assertEquals(sealedBefore, row.getString("access_token"), "the owner's token is untouched");
        assertEquals("Owner", row.getString("display_name"));
        assertTrue(row.getBoolean("active"));
    }

    @Test
    void theOperatorActsForANamedTenantAndSeesEveryTenant() {
        Tenant tenant = AdminFixtures.tenant(pool);
        String id = phoneNumberId();
        String token = token();
        whatsAppNumber(id, token, number(id, "Via operator"));
        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body(whatsApp(id, token, null)).when().post("/admin/accounts").then().statusCode(400);
        String accountId = given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body(whatsApp(id, token, null)).when().post("/admin/accounts?tenant={slug}", tenant.slug())
                .then().statusCode(201).body("account.tenantId", equalTo(tenant.id().toString()))
                .extract().path("account.id");
        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).when().get("/admin/accounts").then()
                .statusCode(200).body("id", hasItem(accountId));
        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).when().get("/admin/accounts/{id}", accountId)
                .then().statusCode(200);
        tenant.asTenant().when().get("/admin/accounts/{id}", accountId).then().statusCode(200);
        given().when().get("/admin/accounts").then().statusCode(401);
    }

    @Test
    void aRejectedTokenWhileSendingNeedsAReconnectAndANewTokenBringsTheAccountBack() {
        Tenant tenant = AdminFixtures.tenant(pool);
        String id = phoneNumberId();
        String token = token();
        whatsAppNumber(id, token, number(id, "Reconnect"));
        String accountId = connect(tenant, whatsApp(id, token, null)).statusCode(201).extract().path("account.id");
        Seeds.Business business = answering(tenant, accountId, id);

        // Meta revokes the token: the send answers 190 and the account is flagged.
        GraphStubs.answerInTurn(id, "$.text.body", graphError(401, 190));
        List<UnifiedMessage> first = Seeds.inbound(pool, business, "4915100000702", "What are your opening hours?");
        Seeds.makeDue(redis, first);
        Seeds.awaitStatus(pool, first.get(0).id(), "held");
        tenant.asTenant().when().get("/admin/accounts/{id}", accountId).then().statusCode(200)
                .body("state", equalTo("needs_reconnect")).body("stateReason", containsString("190"));

        // A refused new token changes nothing.
        String stillBad = token();
        whatsAppNumber(id, stillBad, graphError(401, 190));
        tenant.asTenant().contentType(ContentType.JSON).body("{\"accessToken\":\"" + stillBad + "\"}")
                .when().put("/admin/accounts/{id}/token", accountId).then().statusCode(422);
        tenant.asTenant().when().get("/admin/accounts/{id}", accountId).then()
                .body("state", equalTo("needs_reconnect"));

        String fresh = token();
        whatsAppNumber(id, fresh, number(id, "Reconnect"));
        GraphStubs.answerInTurn(id, "$.text.body", GraphStubs.whatsAppSent("wamid.after-reconnect"));
        tenant.asTenant().contentType(ContentType.JSON).body("{\"accessToken\":\"" + fresh + "\"}")
                .when().put("/admin/accounts/{id}/token", accountId).then().statusCode(200)
                .body("state", equalTo("active")).body("stateReason", nullValue());
        Row row = stored("whatsapp", id);
        assertTrue(row.getBoolean("active"));
        assertEquals(null, row.getString("flagged_reason"));
        // The reconciler releases what was held meanwhile, to be answered with the new token.
        Seeds.awaitStatus(pool, first.get(0).id(), "received");

        // Answered again, with the new token.
        List<UnifiedMessage> next = Seeds.moreInbound(pool, business, "4915100000702", "Opening hours on Friday?");
        Seeds.makeDue(redis, next);
        Seeds.awaitStatus(pool, next.get(0).id(), "answered");
        List<LoggedRequest> sends = GraphStubs.requests(id, "$.type", WireMock.equalTo("text"));
        assertEquals("Bearer " + fresh, sends.get(sends.size() - 1).getHeader("Authorization"));
    }

    @Test
    void aCheckRecordsThePlatformsVerdictAndDeactivationIsKeptThroughChecks() {
        Tenant tenant = AdminFixtures.tenant(pool);
        String id = phoneNumberId();
        String token = token();
        whatsAppNumber(id, token, number(id, "Checked"));
        String accountId = connect(tenant, whatsApp(id, token, null)).statusCode(201).extract().path("account.id");

        whatsAppNumber(id, token, graphError(401, 190));
        tenant.asTenant().when().post("/admin/accounts/{id}/check", accountId).then().statusCode(200)
                .body("valid", equalTo(false)).body("account.state", equalTo("needs_reconnect"))
                .body("account.stateReason", containsString("190"));

        whatsAppNumber(id, token, number(id, "Checked"));
        tenant.asTenant().when().post("/admin/accounts/{id}/check", accountId).then().statusCode(200)
                .body("valid", equalTo(true)).body("account.state", equalTo("active"));

        tenant.asTenant().when().post("/admin/accounts/{id}/deactivate", accountId).then().statusCode(200)
                .body("state", equalTo("inactive"));
        Row row = stored("whatsapp", id);
        assertFalse(row.getBoolean("active"));
        assertEquals(null, row.getString("flagged_reason"));
        tenant.asTenant().when().post("/admin/accounts/{id}/check", accountId).then().statusCode(200)
                .body("valid", equalTo(true)).body("account.state", equalTo("inactive"));
        tenant.asTenant().when().post("/admin/accounts/{id}/activate", accountId).then().statusCode(200)
                .body("state", equalTo("active"));

        GraphApiMock.server().stubFor(WireMock.get(WireMock.urlPathEqualTo("/" + id))
                .atPriority(1).willReturn(GraphStubs.status(503)));
        tenant.asTenant().when().post("/admin/accounts/{id}/check", accountId).then().statusCode(503);
        tenant.asTenant().when().get("/admin/accounts/{id}", accountId).then().body("state", equalTo("active"));
    }

    @Test
    void anAccountWithoutHistoryIsDeletedOneWithConversationsOnlyDeactivated() {
        Tenant tenant = AdminFixtures.tenant(pool);
        String id = phoneNumberId();
        String token = token();
        whatsAppNumber(id, token, number(id, "Short lived"));
        String accountId = connect(tenant, whatsApp(id, token, null)).statusCode(201).extract().path("account.id");
        tenant.asTenant().when().delete("/admin/accounts/{id}", accountId).then().statusCode(204);
        assertEquals(null, stored("whatsapp", id));

        String kept = phoneNumberId();
        whatsAppNumber(kept, token, number(kept, "With history"));
        String keptId = connect(tenant, whatsApp(kept, token, null)).statusCode(201).extract().path("account.id");
        Seeds.inbound(pool, new Seeds.Business(tenant.id(), UUID.fromString(keptId), kept), "4915100000703", "hi");
        tenant.asTenant().when().delete("/admin/accounts/{id}", keptId).then().statusCode(409)
                .body("detail", containsString("deactivate"));
    }

    @Test
    void invalidRequestsAreRefusedBeforeThePlatformIsAsked() {
        Tenant tenant = AdminFixtures.tenant(pool);
        connect(tenant, "{\"platform\":\"discord\",\"platformAccountId\":\"1\",\"accessToken\":\"x\"}")
                .statusCode(400).body("violations.field", hasItem("platform"));
        connect(tenant, "{\"platform\":\"whatsapp\",\"platformAccountId\":\"1\"}").statusCode(400)
                .body("violations.field", hasItem("accessToken"));
    }
}
