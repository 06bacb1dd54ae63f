package io.socialsync.responder.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.testsupport.RealServersResource;

/**
 * What the Kubernetes probes see: readiness covers exactly the stores this service uses (PostgreSQL and Redis), liveness none
 * of them (a PostgreSQL or Redis outage must take replicas out of the Service, never restart them all).
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class HealthProbesTest {

    private static final String POSTGRESQL = "Reactive PostgreSQL connections health check";
    private static final String REDIS = "Redis connection health check";

    @Test
    void readinessChecksExactlyTheStoresThisServiceUses() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", containsInAnyOrder(POSTGRESQL, REDIS))
                .body("checks.status", everyItem(equalTo("UP")));
    }

    @Test
    void livenessDependsOnNoStore() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks", empty());
    }

    @Test
    void startupProbeAnswersOnceStarted() {
        given().when().get("/q/health/started")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }
}
