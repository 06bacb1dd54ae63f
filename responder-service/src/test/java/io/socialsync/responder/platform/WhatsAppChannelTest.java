package io.socialsync.responder.platform;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.restassured.RestAssured.given;
import static io.socialsync.responder.platform.GraphStubs.answerInTurn;
import static io.socialsync.responder.platform.GraphStubs.graphError;
import static io.socialsync.responder.platform.GraphStubs.requests;
import static io.socialsync.responder.platform.GraphStubs.status;
import static io.socialsync.responder.platform.GraphStubs.whatsAppSent;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.platform.whatsapp.WhatsAppChannel;
import io.socialsync.responder.reply.AccountCredentials;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The WhatsApp adapter against WireMock as the Cloud API: which errors are retried and which are not (counted in
 * requests), splitting at 4 096 characters, pacing per recipient, and the wamids handed back. The test profile runs
 * the retry policy on a 20 ms clock; {@link SendBackoffTest} checks the production one.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class WhatsAppChannelTest {

    private static final String TEXT_SEND = "$.text.body";
    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    WhatsAppChannel channel;

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void rateLimited429IsRetriedThenDelivered() {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, status(429), whatsAppSent("wamid.after-429"));

        PartSends.Sent result = send(account, "4915100000010", "Hello!");

        assertTrue(result.isDelivered());
        assertEquals(List.of("wamid.after-429"), result.platformMessageIds());
        assertEquals(2, requests(account.platformAccountId()).size());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void aServerErrorLeavesThePartUnconfirmedAndIsNeverRetriedBlindly(int status) {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, status(status), whatsAppSent("wamid.never"));

        PartSends.Sent result = send(account, "4915100000011", "Hello!");

        SendFailure failure = result.failure().orElseThrow();
        assertEquals(1, requests(account.platformAccountId()).size(), "the platform may have delivered it");
        assertTrue(failure.deliveryUnknown());
        assertFalse(failure.retryable());
        assertEquals(status, failure.httpStatus());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 131000})
    void graphCodesOfUnknownOutcomeAreNotRetried(int code) {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, graphError(500, code), whatsAppSent("wamid.never"));

        SendFailure failure = send(account, "4915100000014", "Hello!").failure().orElseThrow();

        assertEquals(1, requests(account.platformAccountId()).size());
        assertTrue(failure.deliveryUnknown(), "code " + code);
        assertEquals(OptionalInt.of(code), failure.platformErrorCode());
    }

    @Test
    void everyPartCarriesItsTagAsBizOpaqueCallbackData() {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, whatsAppSent("wamid.tagged"));

        PartSends.Sent result = send(account, "4915100000015", "Hello!");

        assertEquals(result.tags().get(0),
                body(requests(account.platformAccountId()).get(0)).path("biz_opaque_callback_data").asText());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 80007, 130429})
    void graphRateLimitCodesAreRetried(int code) {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, graphError(400, code), whatsAppSent("wamid.ok-" + code));

        PartSends.Sent result = send(account, "4915100000012", "Hello!");

        assertEquals(List.of("wamid.ok-" + code), result.platformMessageIds());
        assertEquals(2, requests(account.platformAccountId()).size(), "code " + code + " retried once");
    }

    @Test
    void aThroughputErrorThatOutlastsTheRetriesSlowsTheNumberOnEveryReplica() {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, graphError(400, 130429));
        String slowdown = RedisKeys.numberSlowdown(Platform.WHATSAPP, account.platformAccountId());

        SendFailure failure = send(account, "4915100000019", "Hello!").failure().orElseThrow();

        assertTrue(failure.retryable());
        assertEquals("2", redis.value(String.class).get(slowdown), "the number's throughput is halved, in Redis");
        send(account, "4915100000019", "Hello again!");
        assertEquals("4", redis.value(String.class).get(slowdown), "and halved again while it persists");
        assertTrue(redis.key().pttl(slowdown) > 0, "for a while, not for ever");
    }

    @Test
    void aPersistentRateLimitIsGivenUpAfterThreeRetriesAsNotSent() {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, status(429));

        PartSends.Sent result = send(account, "4915100000013", "Hello!");

        SendFailure failure = result.failure().orElseThrow();
        assertEquals(4, requests(account.platformAccountId()).size(), "the first attempt and three retries");
        assertTrue(failure.retryable(), "a later attempt may succeed");
        assertFalse(failure.deliveryUnknown(), "429 proves it was not sent");
        assertEquals(List.of(), result.texts());
    }

    @Test
    void aLongReplyGoesOutInOrderedPartsOfAtMost4096CharactersWithEveryWamid() {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, whatsAppSent("wamid.part-1"), whatsAppSent("wamid.part-2"),
                whatsAppSent("wamid.part-3"));
        StringBuilder reply = new StringBuilder();
        for (int i = 0; reply.length() < 9_000; i++) {
            reply.append("Step ").append(i).append(": open the box, then read the manual carefully. ");
        }
        String customer = "4915100000018";

        PartSends.Sent result = send(account, customer, reply.toString());

        assertEquals(List.of("wamid.part-1", "wamid.part-2", "wamid.part-3"), result.platformMessageIds());
        List<LoggedRequest> sent = requests(account.platformAccountId());
        assertEquals(3, sent.size());
        List<String> bodies = sent.stream().map(request -> body(request).path("text").path("body").asText()).toList();
        for (String body : bodies) {
            assertTrue(body.length() <= 4096, "part of " + body.length());
            assertTrue(body.startsWith("Step ") && body.endsWith("carefully."), "whole sentences");
        }
        assertEquals(reply.toString().strip(), String.join(" ", bodies), "in order, nothing lost");
        assertEquals(bodies, result.texts());
        sent.forEach(request -> assertEquals(customer, body(request).path("to").asText()));

        // Paced: the test profile spaces messages to one recipient by 150 ms.
        for (int i = 1; i < sent.size(); i++) {
            long gap = sent.get(i).getLoggedDate().getTime() - sent.get(i - 1).getLoggedDate().getTime();
            assertTrue(gap >= 140, "parts to one customer are spaced: " + gap + " ms");
        }
    }

    @Test
    void consecutiveRepliesToOneCustomerAreSpacedButOtherCustomersAreNotDelayed() {
        AccountCredentials account = account();
        String anna = "4915100000019";
        // Each send reads the customer's address from PostgreSQL: open the pool's connections first, so that their
        // set-up is not measured as a delay of the limiter.
        io.smallrye.mutiny.Uni.join().all(java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> pool.query("SELECT 1").execute()).toList()).andFailFast().await().atMost(AWAIT);
        long start = System.nanoTime();
        // Three replies at once to Anna, and one to each of five other customers.
        List<io.smallrye.mutiny.Uni<PartSends.Sent>> sends = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sends.add(PartSends.send(channel, account, anna, "Reply " + i));
        }
        for (int i = 0; i < 5; i++) {
            sends.add(PartSends.send(channel, account, "49151000001" + (20 + i), "Hello " + i));
        }
        List<PartSends.Sent> results = io.smallrye.mutiny.Uni.join().all(sends).andFailFast().await().atMost(AWAIT);
        long took = (System.nanoTime() - start) / 1_000_000;

        results.forEach(result -> assertTrue(result.isDelivered()));
        List<LoggedRequest> toAnna = requests(account.platformAccountId(), "$.to", equalTo(anna));
        assertEquals(3, toAnna.size());
        // Turns are reserved in Redis in the order the replies reach it, not necessarily the order they were asked.
        List<Long> annaAt = toAnna.stream().map(request -> request.getLoggedDate().getTime()).sorted().toList();
        long annaSpan = annaAt.get(2) - annaAt.get(0);
        assertTrue(annaSpan >= 280, "three messages to one customer span two spacings: " + annaSpan + " ms");
        List<LoggedRequest> all = requests(account.platformAccountId());
        long firstAt = all.stream().mapToLong(request -> request.getLoggedDate().getTime()).min().orElseThrow();
        long othersDone = all.stream().filter(request -> !anna.equals(body(request).path("to").asText()))
                .mapToLong(request -> request.getLoggedDate().getTime()).max().orElseThrow();
        // Spaced like Anna, the five others would need five spacings (750 ms); under a loaded machine a send may
        // take tens of ms, so the bound is two spacings, far below that.
        assertTrue(othersDone - firstAt < 280, "other customers were not spaced: " + (othersDone - firstAt)
                + " ms (all done in " + took + " ms)");
    }

    @Test
    void sendsAreCountedByPlatformAndOutcome() {
        AccountCredentials account = account();
        answerInTurn(account.platformAccountId(), TEXT_SEND, whatsAppSent("wamid.counted"), graphError(400, 131047));
        send(account, "4915100000030", "One.");
        send(account, "4915100000030", "Two.");
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("socialsync_messages_sent_total{outcome=\"sent\",platform=\"whatsapp\"}"))
                .body(containsString(
                        "socialsync_messages_sent_total{outcome=\"failed_permanent\",platform=\"whatsapp\"}"))
                .body(org.hamcrest.Matchers.not(containsString("4915100000030")));
    }

    private PartSends.Sent send(AccountCredentials account, String customer, String text) {
        return PartSends.send(channel, account, customer, text).await().atMost(AWAIT);
    }

    /** An account the database does not need to know: only a token rejection touches the database. */
    private static AccountCredentials account() {
        String phoneNumberId = "pn-" + UUID.randomUUID();
        return new AccountCredentials(UUID.randomUUID(), UUID.randomUUID(), phoneNumberId, "token-" + phoneNumberId);
    }

    private static JsonNode body(LoggedRequest request) {
        return JsonCodec.decode(request.getBodyAsString(), JsonNode.class);
    }
}
