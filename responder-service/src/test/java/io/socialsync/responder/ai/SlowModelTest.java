package io.socialsync.responder.ai;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A slow model must not make others wait: while the AI takes its time, every due conversation gets its call at once,
 * instead of queueing behind a connection pool or the claim loop's room for batches in flight.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = HeldLlm.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class SlowModelTest {

    /** More than the AI client's default pool (50) and the claim loop's former room (256). */
    private static final int CONVERSATIONS = 300;

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void everyDueConversationHasItsAiCallInFlightAtOnceWhileTheModelIsSlow() {
        Seeds.Business business = Seeds.business(pool);
        pool.preparedQuery("UPDATE tenants SET credit_balance = 10000 WHERE id = $1")
                .execute(Tuple.of(business.tenantId())).await().indefinitely();
        List<String> customers = new ArrayList<>();
        List<List<UnifiedMessage>> batches = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            String customer = "4915" + (100_000_000L + (long) (Math.random() * 800_000_000L));
            customers.add(customer);
            batches.add(Seeds.inbound(pool, business, customer, "is the parcel on its way?"));
        }
        HeldLlm.hold(CONVERSATIONS);

        batches.forEach(batch -> Seeds.makeDue(redis, batch));

        Instant giveUp = Instant.now().plus(Duration.ofSeconds(40));
        while (textReplies(business).size() < CONVERSATIONS && Instant.now().isBefore(giveUp)) {
            Seeds.pause(250);
        }
        assertEquals(CONVERSATIONS, HeldLlm.peak(), "AI calls held at once by the slow model");
        List<String> answered = textReplies(business).stream().map(request -> request.getBodyAsString())
                .map(body -> JsonCodec.decode(body, JsonNode.class).path("to").asText()).sorted().toList();
        assertEquals(customers.stream().sorted().toList(), answered, "each customer answered once");
    }

    private static List<LoggedRequest> textReplies(Seeds.Business business) {
        return GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId()
                + "/messages")).withRequestBody(matchingJsonPath("$.type", equalTo("text"))));
    }
}
