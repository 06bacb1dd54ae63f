package io.socialsync.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.socialsync.testsupport.RealServersResource;

/**
 * A delivery beyond {@code socialsync.webhook.max-in-flight} is refused at once with 503 and {@code Retry-After},
 * nothing of it stored; once there is room again the same delivery (as the platform sends it again) is stored.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class OverloadTest {

    @Inject
    WebhookAdmission admission;

    @Inject
    Store store;

    @Test
    void aDeliveryBeyondTheBoundIs503WithRetryAfterAndIsStoredWhenSentAgain() {
        List<Cancellable> held = new ArrayList<>();
        try {
            // Deliveries that never finish take every place, as a burst PostgreSQL cannot keep up with would.
            while (true) {
                List<Throwable> refused = new ArrayList<>();
                held.add(admission.admit(() -> Uni.createFrom().nothing()).subscribe().with(item -> {
                }, refused::add));
                if (!refused.isEmpty()) {
                    break;
                }
            }
            assertEquals(1024, admission.inFlight(), "the default bound");
            Deliveries.Fixture delivery = Deliveries.whatsapp("text");
            given().contentType(ContentType.JSON).header("X-Hub-Signature-256", delivery.signature())
                    .body(delivery.body()).when().post("/webhooks/whatsapp").then().statusCode(503)
                    .header("Retry-After", "1").contentType("application/problem+json").body("status", equalTo(503));
            assertEquals(0, store.messages(delivery.messageId(Deliveries.FIXTURE_WAMID)).size(), "nothing stored");

            held.forEach(Cancellable::cancel);
            assertEquals(0, admission.inFlight(), "a cancelled delivery gives its place back");
            given().contentType(ContentType.JSON).header("X-Hub-Signature-256", delivery.signature())
                    .body(delivery.body()).when().post("/webhooks/whatsapp").then().statusCode(200)
                    .body("stored", equalTo(1));
            assertEquals(1, store.messages(delivery.messageId(Deliveries.FIXTURE_WAMID)).size());
        } finally {
            held.forEach(Cancellable::cancel);
        }
    }
}
