package io.socialsync.responder.batch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

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

/**
 * Batches that need the replica's own work (reading, writing, sending) are bounded by {@code max-working}, whatever
 * room {@code concurrency} leaves: past it, due batches wait in Redis. Here two at a time, with a Graph API that takes
 * 600 ms per reply: six due conversations are answered two by two.
 */
@QuarkusTest
@TestProfile(MaxWorkingTest.TwoAtATime.class)
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class MaxWorkingTest {

    private static final long SEND_MILLIS = 600;

    public static class TwoAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("socialsync.claim.max-working", "2");
        }
    }

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void noMoreThanMaxWorkingBatchesAreWorkedOnAtOnce() {
        Seeds.Business business = Seeds.business(pool);
        GraphApiMock.server().stubFor(post(urlPathEqualTo("/" + business.phoneNumberId() + "/messages"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text"))).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withFixedDelay((int) SEND_MILLIS)
                        .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.slow-"
                                + "{{randomValue length=12 type='ALPHANUMERIC'}}\"}]}")
                        .withTransformers("response-template")));
        List<List<UnifiedMessage>> batches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            batches.add(Seeds.inbound(pool, business, "49151" + (10_000_000 + (int) (Math.random() * 80_000_000)),
                    "where is my order?"));
        }

        batches.forEach(batch -> Seeds.makeDue(redis, batch));

        Instant giveUp = Instant.now().plus(Duration.ofSeconds(20));
        while (sends(business).size() < batches.size() && Instant.now().isBefore(giveUp)) {
            Seeds.pause(100);
        }
        List<Long> started = sends(business).stream().map(request -> request.getLoggedDate().getTime()).sorted()
                .toList();
        assertEquals(batches.size(), started.size(), "every conversation answered once");
        for (long at : started) {
            long atOnce = started.stream().filter(other -> Math.abs(other - at) < SEND_MILLIS * 3 / 4).count();
            assertTrue(atOnce <= 2, "sends started within a send's time of each other: " + atOnce + " in "
                    + started);
        }
    }

    private static List<LoggedRequest> sends(Seeds.Business business) {
        return GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId()
                + "/messages")).withRequestBody(matchingJsonPath("$.type", equalTo("text"))));
    }
}
