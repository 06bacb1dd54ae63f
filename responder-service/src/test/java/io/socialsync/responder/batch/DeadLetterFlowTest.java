package io.socialsync.responder.batch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A batch whose AI call keeps failing ends in the dead letter after 3 attempts, and replays from the admin endpoint
 * once the AI is back. WireMock plays the LLM and the Graph API; PostgreSQL and Redis are real.
 */
@QuarkusTest
@TestProfile(DeadLetterFlowTest.FailingAi.class)
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class DeadLetterFlowTest {

    private static final Duration AWAIT = Duration.ofSeconds(15);
    private static final String KEY = "test-operator-key";

    /**
     * The LLM at a WireMock of its own. The profile and the test may live in different class loaders, so the test
     * reaches the server through its port (a system property), not through a shared static.
     */
    public static class FailingAi implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            synchronized (System.class) {
                if (Integer.getInteger(LLM_PORT) == null) {
                    WireMockServer server = new WireMockServer(options().dynamicPort());
                    server.start();
                    System.setProperty(LLM_PORT, String.valueOf(server.port()));
                }
            }
            return Map.of("socialsync.ai.base-url", "http://localhost:" + Integer.getInteger(LLM_PORT) + "/v1",
                    "socialsync.ai.api-key", "sk-test", "socialsync.ai.timeout", "2s");
        }
    }

    private static final String LLM_PORT = "deadletter-test.llm-port";

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void anAiThatKeepsFailingSendsTheBatchToTheDeadLetterAndTheOperatorReplaysIt() {
        WireMock llm = new WireMock("localhost", Integer.getInteger(LLM_PORT));
        String marker = "zq" + UUID.randomUUID().toString().replace("-", "");
        llm.register(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"overloaded\"}}")));
        Seeds.Business business = Seeds.business(pool);
        String customer = "4917" + (long) (Math.random() * 1e9);
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "hello " + marker, "anyone there?");
        Seeds.makeDue(redis, burst);

        await(() -> status(burst.get(0).id()), "failed");
        assertEquals("failed", status(burst.get(1).id()));
        llm.verifyThat(3, postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(marker)));
        GraphApiMock.server().verify(0, postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId() + "/messages"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text"))));

        given().when().get("/admin/dead-letters").then().statusCode(401);
        given().header("X-Api-Key", "wrong").when().get("/admin/dead-letters").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").when().post("/admin/dead-letters/1-0/replay").then()
                .statusCode(401);
        Listed listed = deadLetterHolding(burst.get(0).id());
        String entry = listed.id();
        given().header("X-Api-Key", KEY).when().get("/admin/dead-letters").then().statusCode(200);
        // Pages: the entry right after the previous one is ours; a page after ours never holds it again.
        given().header("X-Api-Key", KEY).when().get("/admin/dead-letters?limit=1&after=" + listed.previous()).then()
                .statusCode(200).body("id", org.hamcrest.Matchers.contains(entry));
        given().header("X-Api-Key", KEY).when().get("/admin/dead-letters?limit=1000&after=" + entry).then()
                .statusCode(200).body("id", org.hamcrest.Matchers.not(hasItem(entry)));
        given().header("X-Api-Key", KEY).when().get("/admin/dead-letters?after=yesterday").then().statusCode(400);

        llm.register(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"choices":[{"index":0,"message":{"role":"assistant",
                                 "content":"{\\"reply\\":\\"We are back.\\",\\"confidence\\":0.9}"},
                                 "finish_reason":"stop"}]}""")));
        given().header("X-Api-Key", KEY).when().post("/admin/dead-letters/" + entry + "/replay").then()
                .statusCode(200).body("messages", org.hamcrest.Matchers.equalTo(2));
        given().header("X-Api-Key", KEY).when().post("/admin/dead-letters/" + entry + "/replay").then()
                .statusCode(404);

        await(() -> status(burst.get(1).id()), "answered");
        assertEquals("answered", status(burst.get(0).id()));
        GraphApiMock.server().verify(1, postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId() + "/messages"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .withRequestBody(matchingJsonPath("$.text.body", equalTo("We are back."))));
    }

    /** A dead letter's id and the id of the one before it ({@code 0-0} for the first). */
    private record Listed(String id, String previous) {
    }

    /**
     * The dead letter holding {@code message}, paging through the list as an operator does: a Redis that outlives
     * test runs holds the dead letters of earlier ones too, more than one page.
     */
    private static Listed deadLetterHolding(UUID message) {
        String after = "0-0";
        while (true) {
            io.restassured.path.json.JsonPath page = given().header("Authorization", "Bearer " + KEY).when()
                    .get("/admin/dead-letters?limit=1000&after=" + after).then().statusCode(200)
                    .extract().jsonPath();
            List<String> ids = page.getList("id", String.class);
            if (ids.isEmpty()) {
                throw new AssertionError("no dead letter holds message " + message);
            }
            String found = page.getString("find { it.messageIds.contains('" + message + "') }.id");
            if (found != null) {
                int at = ids.indexOf(found);
                return new Listed(found, at == 0 ? after : ids.get(at - 1));
            }
            after = ids.get(ids.size() - 1);
        }
    }

    private String status(UUID message) {
        return pool.preparedQuery("SELECT status FROM messages WHERE id = $1").execute(Tuple.of(message))
                .await().atMost(AWAIT).iterator().next().getString(0);
    }

    private static void await(Supplier<String> probe, String expected) {
        Instant giveUp = Instant.now().plus(AWAIT);
        while (!expected.equals(probe.get()) && Instant.now().isBefore(giveUp)) {
            Seeds.pause(50);
        }
        assertEquals(expected, probe.get());
    }
}
