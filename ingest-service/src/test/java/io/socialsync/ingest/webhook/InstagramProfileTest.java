package io.socialsync.ingest.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.testsupport.RealServersResource;

/**
 * A new Instagram customer's name, which deliveries lack, is asked of the Graph API (WireMock) once per cache lifetime
 * and written to their contact; a failing Graph API costs only the name.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = InstagramGraphMock.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class InstagramProfileTest {

    private static final String NAMED = """
            SELECT count(*) FROM contacts c JOIN social_accounts a ON a.id = c.account_id
            WHERE a.platform = 'instagram' AND c.platform_contact_id = $1 AND c.display_name IS NOT DISTINCT FROM $2
            """;

    @Inject
    Store store;

    @Inject
    RedisDataSource redis;

    @Test
    void aNewCustomerIsNamedFromTheGraphApiOnceAndTheAnswerIsCachedForTheTtl() {
        Deliveries.Fixture first = Deliveries.instagram("text");
        String customer = first.customer();
        InstagramGraphMock.server().stubFor(get(urlPathEqualTo("/v23.0/" + customer))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"name\":\"Ana Lima\",\"username\":\"ana.lima\",\"id\":\"" + customer + "\"}")));

        post(first).statusCode(200);
        String key = "instagram_profile:" + customer;
        // The name is written to the contact first and to the cache next: wait for both.
        awaitTrue(() -> store.count(NAMED, customer, "Ana Lima") == 1, "the contact is named from the Graph API");
        awaitTrue(() -> redis.value(String.class).get(key) != null, "the name is cached");

        long ttl = redis.key(String.class).ttl(key);
        assertTrue(ttl > 3500 && ttl <= 3600, "cached for the TTL (1 h), was " + ttl + " s");
        assertTrue(redis.value(String.class).get(key).contains("Ana Lima"));

        // The customer's next message finds the cache: the Graph API is not asked again.
        Deliveries.Fixture second = sameCustomer(customer);
        post(second).statusCode(200);
        assertNotNull(store.message(Deliveries.IG_MID + second.run() + "T"));
        Deliveries.pause(500);
        InstagramGraphMock.server().verify(1, getRequestedFor(urlPathEqualTo("/v23.0/" + customer))
                .withQueryParam("fields", equalTo("name,username"))
                .withHeader("Authorization", equalTo("Bearer test-instagram-token")));
    }

    @Test
    void aFailingGraphApiCostsOnlyTheNameAndTheNextMessageAsksAgain() {
        Deliveries.Fixture first = Deliveries.instagram("text");
        String customer = first.customer();
        InstagramGraphMock.server().stubFor(get(urlPathEqualTo("/v23.0/" + customer))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"code\":2}}")));

        post(first).statusCode(200).body("stored", org.hamcrest.Matchers.equalTo(1));
        awaitTrue(() -> requests(customer) == 1, "the Graph API is asked");
        Deliveries.pause(300);
        assertEquals(1, store.count(NAMED, customer, null), "the message is stored, its customer without a name");
        assertNull(redis.value(String.class).get("instagram_profile:" + customer), "a failure is not cached");

        post(sameCustomer(customer)).statusCode(200);
        awaitTrue(() -> requests(customer) == 2, "the next message asks again");
    }

    @Test
    void aContactThatHasANameKeepsItAndTheGraphApiIsNotAsked() {
        Deliveries.Fixture first = Deliveries.instagram("text");
        String customer = first.customer();
        InstagramGraphMock.server().stubFor(get(urlPathEqualTo("/v23.0/" + customer))
                .willReturn(aResponse().withStatus(503)));
        post(first).statusCode(200);
        awaitTrue(() -> requests(customer) == 1, "the Graph API is asked");
        Deliveries.pause(300);
        // Meanwhile an operator names the customer.
        store.execute("UPDATE contacts SET display_name = 'Ana (VIP)' WHERE platform_contact_id = $1", customer);
        InstagramGraphMock.server().stubFor(get(urlPathEqualTo("/v23.0/" + customer))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"name\":\"Ana Lima\"}")));

        post(sameCustomer(customer)).statusCode(200);
        String key = "instagram_profile:" + customer;
        awaitTrue(() -> redis.value(String.class).get(key) != null, "the known name is cached");
        assertTrue(redis.value(String.class).get(key).contains("Ana (VIP)"));
        assertEquals(1, requests(customer), "a named contact is not looked up");
        assertEquals(1, store.count(NAMED, customer, "Ana (VIP)"), "the operator's name stays");
    }

    private static int requests(String customer) {
        return InstagramGraphMock.server().findAll(getRequestedFor(urlPathEqualTo("/v23.0/" + customer))).size();
    }

    /** Another text from {@code customer}, with fresh message ids. */
    private static Deliveries.Fixture sameCustomer(String customer) {
        Deliveries.Fixture fresh = Deliveries.instagram("text");
        return new Deliveries.Fixture(fresh.body().replace(fresh.customer(), customer), fresh.run(), customer,
                fresh.platform());
    }

    private static io.restassured.response.ValidatableResponse post(Deliveries.Fixture delivery) {
        return given().contentType(ContentType.JSON).body(delivery.body())
                .header("X-Hub-Signature-256", delivery.signature()).when().post("/webhooks/instagram").then();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Deliveries.pause(50);
        }
    }
}
