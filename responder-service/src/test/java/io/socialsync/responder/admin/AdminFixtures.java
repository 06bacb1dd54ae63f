package io.socialsync.responder.admin;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Tenants and keys for admin API tests, made the way an operator makes them, with fresh names every run. */
public final class AdminFixtures {

    /** The operator key of the test profile ({@code %test.socialsync.admin.api-key}). */
    public static final String OPERATOR_KEY = "test-operator-key";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private AdminFixtures() {
    }

    public record Tenant(UUID id, String slug, String key, UUID keyId) {

        /** A request signed with this tenant's key. */
        public RequestSpecification asTenant() {
            return given().header("Authorization", "Bearer " + key);
        }
    }

    /** A new tenant (straight into PostgreSQL, as ingest's bootstrap does) with one key made by the operator. */
    public static Tenant tenant(Pool pool) {
        String slug = "admin-test-" + UUID.randomUUID();
        UUID id = pool.preparedQuery("""
                INSERT INTO tenants (slug, name, plan_code) VALUES ($1, $1, 'starter') RETURNING id""")
                .execute(Tuple.of(slug)).await().atMost(WAIT).iterator().next().getUUID(0);
        var created = given().header("X-Api-Key", OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"test key\"}")
                .when().post("/admin/tenants/{slug}/api-keys", slug)
                .then().statusCode(201).extract().jsonPath();
        return new Tenant(id, slug, created.getString("key"), UUID.fromString(created.getString("id")));
    }
}
