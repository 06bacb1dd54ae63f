package io.socialsync.responder.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Nobody reaches an admin endpoint without a valid credential, and each credential only where it belongs. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class AdminAuthenticationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    /** Every operation under /admin in the OpenAPI document, so an endpoint added later is covered too. */
    private List<String[]> adminOperations() {
        Map<String, Map<String, Object>> paths = given().when().get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        List<String[]> operations = new ArrayList<>();
        paths.forEach((path, methods) -> {
            if (path.startsWith("/admin")) {
                for (String method : methods.keySet()) {
                    operations.add(new String[]{method.toUpperCase(), path});
                }
            }
        });
        assertTrue(operations.size() >= 11, "the admin operations are documented: " + operations.size());
        return operations;
    }

    private static String concrete(String path) {
        return path.replaceAll("\\{slug}", "default").replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }

    private void everyAdminOperationAnswers401(Function<RequestSpecification, RequestSpecification> credential,
            String what) {
        for (String[] operation : adminOperations()) {
            Response response = credential.apply(given()).contentType(ContentType.JSON)
                    .body("{\"name\":\"x\",\"title\":\"t\",\"kind\":\"text\",\"content\":\"c\",\"question\":\"q\","
                            + "\"answer\":\"a\"}")
                    .when().request(operation[0], concrete(operation[1]));
            assertEquals(401, response.statusCode(), what + ": " + operation[0] + " " + operation[1]);
            assertEquals("application/problem+json", response.contentType().split(";")[0],
                    what + ": " + operation[0] + " " + operation[1]);
            assertEquals(401, response.jsonPath().getInt("status"));
            assertEquals("Bearer", response.header("WWW-Authenticate"));
        }
    }

    @Test
    void withoutAnyCredentialEveryAdminOperationIs401() {
        everyAdminOperationAnswers401(request -> request, "no credential");
    }

    @Test
    void withAnUnknownOrMalformedCredentialEveryAdminOperationIs401() {
        everyAdminOperationAnswers401(r -> r.header("Authorization", "Bearer ssk_" + "A".repeat(43)), "unknown key");
        everyAdminOperationAnswers401(r -> r.header("X-Api-Key", "not-a-key"), "garbage key");
        everyAdminOperationAnswers401(r -> r.header("Authorization", "Basic dXNlcjpwYXNz"), "basic credentials");
        // OIDC is off: a JWT-shaped bearer token authenticates no one.
        everyAdminOperationAnswers401(
                r -> r.header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJ0ZW5hbnQiOiJkZWZhdWx0In0.x"),
                "JWT with OIDC disabled");
    }

    @Test
    void aKeyWorksInEitherHeaderAndARevokedKeyIs401() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        assertTrue(tenant.key().startsWith("ssk_"), "keys are recognisable");
        given().header("X-Api-Key", tenant.key()).when().get("/admin/knowledge/documents").then().statusCode(200);
        tenant.asTenant().when().get("/admin/knowledge/documents").then().statusCode(200);

        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY)
                .when().delete("/admin/tenants/{slug}/api-keys/{id}", tenant.slug(), tenant.keyId())
                .then().statusCode(204);

        tenant.asTenant().when().get("/admin/knowledge/documents").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("X-Api-Key", tenant.key()).when().get("/admin/api-keys").then().statusCode(401);
    }

    @Test
    void aTenantRotatesItsOwnKeys() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        var second = tenant.asTenant().contentType(ContentType.JSON).body("{\"name\":\"rotation\"}")
                .when().post("/admin/api-keys").then().statusCode(201)
                .header("Location", containsString("/admin/api-keys/")).extract().jsonPath();
        String secondKey = second.getString("key");

        given().header("X-Api-Key", secondKey).when().get("/admin/api-keys").then().statusCode(200)
                .body("size()", equalTo(2))
                .body("name", hasItem("rotation"))
                .body("key", not(hasItem(secondKey)))
                .body("[0].key", nullValue());
        given().header("X-Api-Key", secondKey).when().delete("/admin/api-keys/{id}", tenant.keyId())
                .then().statusCode(204);
        tenant.asTenant().when().get("/admin/api-keys").then().statusCode(401);
        given().header("X-Api-Key", secondKey).when().get("/admin/api-keys").then().statusCode(200)
                .body("find { it.id == '%s' }.revokedAt".formatted(tenant.keyId()), not(nullValue()));
    }

    @Test
    void aTenantCannotRevokeAnotherTenantsKey() {
        AdminFixtures.Tenant a = AdminFixtures.tenant(pool);
        AdminFixtures.Tenant b = AdminFixtures.tenant(pool);
        a.asTenant().when().delete("/admin/api-keys/{id}", b.keyId()).then().statusCode(404);
        b.asTenant().when().get("/admin/api-keys").then().statusCode(200);
    }

    @Test
    void operatorAndTenantKeysStayInTheirLanes() {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        // The operator runs the installation but reads no tenant's knowledge through tenant routes.
        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).when().get("/admin/knowledge/documents")
                .then().statusCode(403).contentType("application/problem+json");
        // A tenant cannot mint keys for any tenant, its own included, through the operator route.
        tenant.asTenant().contentType(ContentType.JSON).body("{\"name\":\"x\"}")
                .when().post("/admin/tenants/{slug}/api-keys", tenant.slug()).then().statusCode(403);
        tenant.asTenant().when().get("/admin/tenants/{slug}/api-keys", tenant.slug()).then().statusCode(403);
        // A wrong operator key is no operator key.
        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY + "x").contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}").when().post("/admin/tenants/{slug}/api-keys", tenant.slug())
                .then().statusCode(401);
        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}").when().post("/admin/tenants/{slug}/api-keys", "no-such-" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"\"}").when().post("/admin/tenants/{slug}/api-keys", tenant.slug())
                .then().statusCode(400).body("violations[0].field", equalTo("name"));
    }

    @Test
    void theOperatorOnboardsATenantAndHandsOverItsFirstKey() {
        String slug = "shop-" + UUID.randomUUID();
        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"slug\":\"%s\",\"name\":\"Shop\",\"plan\":\"pro\"}".formatted(slug))
                .when().post("/admin/tenants").then().statusCode(201)
                .body("slug", equalTo(slug)).body("plan", equalTo("pro")).body("creditBalance", equalTo(20000));
        String key = given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"first\"}").when().post("/admin/tenants/{slug}/api-keys", slug)
                .then().statusCode(201).extract().path("key");
        given().header("X-Api-Key", key).when().get("/admin/knowledge/documents").then().statusCode(200)
                .body("total", equalTo(0));

        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"slug\":\"%s\",\"name\":\"Again\"}".formatted(slug))
                .when().post("/admin/tenants").then().statusCode(409).contentType("application/problem+json");
        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"slug\":\"other-%s\",\"name\":\"X\",\"plan\":\"gold\"}".formatted(slug))
                .when().post("/admin/tenants").then().statusCode(400).body("detail", equalTo("unknown plan"));
        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"slug\":\"Not A Slug\",\"name\":\"X\"}")
                .when().post("/admin/tenants").then().statusCode(400).body("violations[0].field", equalTo("slug"));
        given().header("X-Api-Key", key).contentType(ContentType.JSON)
                .body("{\"slug\":\"mine-%s\",\"name\":\"X\"}".formatted(slug))
                .when().post("/admin/tenants").then().statusCode(403);
    }

    @Test
    void onlyTheHashOfAKeyIsStored() throws Exception {
        AdminFixtures.Tenant tenant = AdminFixtures.tenant(pool);
        Row row = pool.preparedQuery("SELECT key_hash, key_prefix, row_to_json(k)::text AS whole FROM admin_api_keys k "
                + "WHERE id = $1").execute(Tuple.of(tenant.keyId())).await().atMost(WAIT).iterator().next();
        String secret = tenant.key().substring("ssk_".length());
        assertFalse(row.getString("whole").contains(secret), "no plaintext key in the row");
        assertFalse(row.getString("whole").contains(secret.substring(8)), "not even its secret part");
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(tenant.key().getBytes(StandardCharsets.UTF_8)),
                row.getBuffer("key_hash").getBytes());
        assertEquals(tenant.key().substring(0, 12), row.getString("key_prefix"), "a short prefix to tell keys apart");
        long anywhere = pool.preparedQuery("SELECT count(*) FROM admin_api_keys k WHERE row_to_json(k)::text LIKE $1")
                .execute(Tuple.of("%" + secret + "%")).await().atMost(WAIT).iterator().next().getLong(0);
        assertEquals(0, anywhere);
    }
}
