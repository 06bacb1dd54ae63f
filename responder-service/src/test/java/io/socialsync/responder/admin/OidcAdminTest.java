package io.socialsync.responder.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;

/** With OIDC configured, a verified access token's {@code tenant} claim selects the tenant; API keys keep working. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(OidcTestIssuer.class)
class OidcAdminTest {

    @Inject
    Pool pool;

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String addDocument(AdminFixtures.Tenant tenant, String title) {
        return tenant.asTenant().contentType(ContentType.JSON)
                .body("{\"title\":\"" + title + "\",\"kind\":\"text\",\"content\":\"Some text.\"}")
                .when().post("/admin/knowledge/documents").then().statusCode(201).extract().path("id");
    }

    @Test
    void theTenantClaimSelectsTheTenant() {
        AdminFixtures.Tenant a = AdminFixtures.tenant(pool);
        AdminFixtures.Tenant b = AdminFixtures.tenant(pool);
        addDocument(a, "A's document");
        String bDocument = addDocument(b, "B's document");
        String tokenOfA = OidcTestIssuer.token(Map.of("tenant", a.slug()));

        given().header("Authorization", bearer(tokenOfA)).when().get("/admin/knowledge/documents")
                .then().statusCode(200).body("items.title", equalTo(List.of("A's document")));
        given().header("Authorization", bearer(tokenOfA)).when().get("/admin/knowledge/documents/{id}", bDocument)
                .then().statusCode(404);
        given().header("Authorization", bearer(tokenOfA)).when().delete("/admin/knowledge/documents/{id}", bDocument)
                .then().statusCode(404);
        b.asTenant().when().get("/admin/knowledge/documents/{id}", bDocument).then().statusCode(200);
    }

    @Test
    void aTokenWithoutAKnownTenantReachesNoTenantData() {
        given().header("Authorization", bearer(OidcTestIssuer.token(Map.of())))
                .when().get("/admin/knowledge/documents").then().statusCode(403);
        given().header("Authorization", bearer(OidcTestIssuer.token(Map.of("tenant", "no-such-tenant"))))
                .when().get("/admin/knowledge/documents").then().statusCode(403);
    }

    @Test
    void untrustedOrExpiredTokensAre401() {
        AdminFixtures.Tenant a = AdminFixtures.tenant(pool);
        String forged = OidcTestIssuer.token(Map.of("tenant", a.slug()), OidcTestIssuer.strangerKey());
        given().header("Authorization", bearer(forged)).when().get("/admin/knowledge/documents")
                .then().statusCode(401).contentType("application/problem+json");
        long past = java.time.Instant.now().getEpochSecond() - 3600;
        String expired = OidcTestIssuer.token(Map.of("tenant", a.slug(), "iat", past - 300, "exp", past));
        given().header("Authorization", bearer(expired)).when().get("/admin/knowledge/documents")
                .then().statusCode(401);
        given().when().get("/admin/knowledge/documents").then().statusCode(401);
    }

    @Test
    void apiKeysStillWorkAndAnOperatorRoleInTheTokenIsAnOperator() {
        AdminFixtures.Tenant a = AdminFixtures.tenant(pool);
        a.asTenant().when().get("/admin/knowledge/documents").then().statusCode(200);
        String operator = OidcTestIssuer.token(Map.of("groups", List.of("operator")));
        given().header("Authorization", bearer(operator)).when().get("/admin/tenants/{slug}/api-keys", a.slug())
                .then().statusCode(200).body("size()", equalTo(1));
        given().header("Authorization", bearer(operator)).when().get("/admin/knowledge/documents")
                .then().statusCode(403);
    }
}
