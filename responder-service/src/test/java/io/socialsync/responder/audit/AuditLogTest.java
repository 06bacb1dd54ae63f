package io.socialsync.responder.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.responder.admin.AdminFixtures.Tenant;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;

/** Every change through the admin API is in the audit log: who, what, which tenant; each tenant reads only its own. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class AuditLogTest {

    @Inject
    Pool pool;

    private static io.restassured.specification.RequestSpecification operator() {
        return given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY);
    }

    @Test
    void eachChangeIsRecordedWithWhoWhatAndTenantAndReadableByItsTenantAndTheOperator() {
        Tenant tenant = AdminFixtures.tenant(pool); // the operator made its key: audited already
        Tenant other = AdminFixtures.tenant(pool);
        String number = String.valueOf(100_000_000_000_000L + (long) (Math.random() * 800_000_000_000_000L));
        String token = "EAAG-audit-" + UUID.randomUUID();
        GraphApiMock.server().stubFor(WireMock.get(WireMock.urlPathEqualTo("/" + number))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + token))
                .willReturn(WireMock.okJson("{\"verified_name\":\"Audited\",\"id\":\"" + number + "\"}")));

        String accountId = tenant.asTenant().contentType(ContentType.JSON)
                .body("{\"platform\":\"whatsapp\",\"platformAccountId\":\"" + number + "\",\"accessToken\":\"" + token
                        + "\"}")
                .when().post("/admin/accounts").then().statusCode(201).extract().path("account.id");
        tenant.asTenant().contentType(ContentType.JSON).body("{\"accessToken\":\"" + token + "\"}")
                .when().put("/admin/accounts/{id}/token", accountId).then().statusCode(200);
        tenant.asTenant().contentType(ContentType.JSON).body("{\"question\":\"Audited?\",\"answer\":\"Yes.\"}")
                .when().post("/admin/knowledge/faq").then().statusCode(201);
        operator().when().post("/admin/accounts/{id}/deactivate", accountId).then().statusCode(200);
        operator().when().post("/admin/token-keys/re-encrypt").then().statusCode(200);
        String slug = "audit-created-" + UUID.randomUUID();
        operator().contentType(ContentType.JSON).body("{\"slug\":\"" + slug + "\",\"name\":\"Created\"}")
                .when().post("/admin/tenants").then().statusCode(201);
        // Refused requests changed nothing: not recorded.
        other.asTenant().when().delete("/admin/accounts/{id}", accountId).then().statusCode(404);

        String prefix = "/admin/accounts/" + accountId;
        tenant.asTenant().when().get("/admin/audit").then().statusCode(200)
                .body("tenantId", everyItem(equalTo(tenant.id().toString())))
                .body("target", hasItems("/admin/accounts", prefix + "/token", "/admin/knowledge/faq",
                        prefix + "/deactivate", "/admin/tenants/" + tenant.slug() + "/api-keys"))
                .body("action", hasItems("POST AccountResource.connect", "PUT AccountResource.updateToken",
                        "POST AccountResource.deactivate"))
                .body("findAll { it.action == 'POST AccountResource.connect' }.actor",
                        hasItem("tenant:" + tenant.slug()))
                .body("findAll { it.action == 'POST AccountResource.deactivate' }.actor", hasItem("operator"))
                .body("findAll { it.action == 'POST AccountResource.deactivate' }.actorRole", hasItem("operator"))
                .body("status", not(hasItem(404)))
                .body(not(containsString(token)));

        other.asTenant().when().get("/admin/audit").then().statusCode(200)
                .body("tenantId", everyItem(equalTo(other.id().toString())))
                .body("target", not(hasItem(prefix + "/token")));
        other.asTenant().when().get("/admin/audit?tenant={slug}", tenant.slug()).then().statusCode(403);

        operator().when().get("/admin/audit?tenant={slug}", tenant.slug()).then().statusCode(200)
                .body("target", hasItem(prefix + "/token"));
        operator().when().get("/admin/audit?tenant={slug}", slug).then().statusCode(200)
                .body("action", hasItem("POST OperatorTenantResource.create"))
                .body("actor", hasItem("operator"));
        operator().when().get("/admin/audit?limit=1000").then().statusCode(200)
                .body("action", hasItem("POST TokenKeyResource.reencrypt"))
                .body("target", hasItem("/admin/tenants/" + other.slug() + "/api-keys"));
        given().when().get("/admin/audit").then().statusCode(401);
    }
}
