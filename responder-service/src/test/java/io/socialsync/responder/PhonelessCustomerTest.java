package io.socialsync.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static io.socialsync.responder.platform.GraphStubs.answerInTurn;
import static io.socialsync.responder.platform.GraphStubs.graphError;
import static io.socialsync.responder.platform.GraphStubs.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

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
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Customers who hide their phone number (2026 usernames): a reply goes to the business-scoped user id as
 * {@code recipient}; a customer whose number is known gets it as {@code to}, whatever key the contact has.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class PhonelessCustomerTest {

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void aCustomerKnownOnlyByTheirBusinessScopedIdIsAnsweredAsRecipient() {
        Seeds.Business business = Seeds.business(pool);
        String bsuid = "DE." + UUID.randomUUID().toString().replace("-", "");
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, bsuid, "hello");
        execute("UPDATE contacts SET user_id = $2 WHERE account_id = $1 AND platform_contact_id = $2",
                business.accountId(), bsuid);

        Seeds.makeDue(redis, burst);
        Seeds.awaitStatus(pool, burst.get(0).id(), "answered");

        List<LoggedRequest> sent = requests(business.phoneNumberId(), "$.recipient", equalTo(bsuid));
        assertEquals(1, sent.size());
        JsonNode body = JsonCodec.decode(sent.get(0).getBodyAsString(), JsonNode.class);
        assertFalse(body.has("to"), "no phone number to send to");
        assertEquals("text", body.path("type").asText());
        assertEquals(1, requests(business.phoneNumberId(), "$.message_id",
                equalTo(burst.get(0).platformMessageId())).size(), "read and typing by the message's id");
    }

    @Test
    void aCustomerWhoseNumberIsKnownIsAnsweredOnItEvenWhenKeyedByTheirId() {
        Seeds.Business business = Seeds.business(pool);
        String bsuid = "US." + UUID.randomUUID().toString().replace("-", "");
        String waId = "1555" + (1_000_000 + (long) (Math.random() * 8_999_999));
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, bsuid, "hello");
        execute("UPDATE contacts SET user_id = $2, wa_id = $3 WHERE account_id = $1 AND platform_contact_id = $2",
                business.accountId(), bsuid, waId);

        Seeds.makeDue(redis, burst);
        Seeds.awaitStatus(pool, burst.get(0).id(), "answered");

        List<LoggedRequest> sent = requests(business.phoneNumberId(), "$.to", equalTo(waId));
        assertEquals(1, sent.size());
        assertFalse(JsonCodec.decode(sent.get(0).getBodyAsString(), JsonNode.class).has("recipient"));
    }

    @Test
    void aMessageThatCannotGoToABusinessScopedIdFailsForGoodAndIsSentOnce() {
        Seeds.Business business = Seeds.business(pool);
        String bsuid = "BR." + UUID.randomUUID().toString().replace("-", "");
        answerInTurn(business.phoneNumberId(), "$.recipient", graphError(400, 131062));
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, bsuid, "hello");
        execute("UPDATE contacts SET user_id = $2 WHERE account_id = $1 AND platform_contact_id = $2",
                business.accountId(), bsuid);

        Seeds.makeDue(redis, burst);
        Seeds.awaitStatus(pool, burst.get(0).id(), "failed");
        Seeds.pause(500);

        assertEquals(1, requests(business.phoneNumberId(), "$.recipient", equalTo(bsuid)).size(), "never retried");
        String detail = Seeds.rows(pool, "SELECT status_detail FROM messages WHERE id = $1", burst.get(0).id()).get(0)
                .getString(0);
        assertTrue(detail.contains("131062"), detail);
    }

    private void execute(String sql, Object... parameters) {
        pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(Duration.ofSeconds(10));
    }
}
