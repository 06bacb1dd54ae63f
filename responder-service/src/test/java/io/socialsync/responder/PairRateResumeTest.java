package io.socialsync.responder;

import static io.socialsync.responder.platform.GraphStubs.answerInTurn;
import static io.socialsync.responder.platform.GraphStubs.graphError;
import static io.socialsync.responder.platform.GraphStubs.whatsAppSent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * WhatsApp's pair rate limit (131056) in the middle of a multi-part reply: the reply resumes from the part that was
 * refused; the parts the customer already has are never sent again.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class PairRateResumeTest {

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void aThreePartReplyRefusedAtPartTwoResumesFromPartTwo() {
        Seeds.Business business = Seeds.business(pool);
        StringBuilder answer = new StringBuilder();
        for (int i = 0; answer.length() < 9_000; i++) {
            answer.append("Delivery detail number ").append(i).append(" about our parcel service. ");
        }
        Seeds.knowledge(pool, business, answer.toString().strip());
        String id = business.phoneNumberId();
        answerInTurn(id, "$.text.body", whatsAppSent("wamid.part1-" + id), graphError(400, 131056),
                whatsAppSent("wamid.part2-" + id), whatsAppSent("wamid.part3-" + id));
        String customer = "49159" + (10_000_000 + (long) (Math.random() * 89_999_999));
        List<UnifiedMessage> burst = Seeds.inbound(pool, business, customer, "tell me about parcel delivery");

        Seeds.makeDue(redis, burst);
        Seeds.awaitStatus(pool, burst.get(0).id(), "answered");

        List<Row> parts = Seeds.rows(pool, """
                SELECT text, status, platform_message_id, send_attempts FROM messages
                WHERE direction = 'outbound' AND batch_id = (SELECT batch_id FROM messages WHERE id = $1)
                ORDER BY part""", burst.get(0).id());
        assertEquals(3, parts.size(), "one recorded reply of three parts");
        assertEquals(List.of("wamid.part1-" + id, "wamid.part2-" + id, "wamid.part3-" + id),
                parts.stream().map(row -> row.getString("platform_message_id")).toList());
        List<String> sentTexts = Seeds.replies(business, customer).stream().map(PairRateResumeTest::text).toList();
        assertEquals(4, sentTexts.size(), "part 1 once, part 2 refused then sent, part 3 once");
        assertEquals(List.of(1L, 2L, 1L), parts.stream()
                .map(part -> sentTexts.stream().filter(part.getString("text")::equals).count()).toList(),
                "each part reached the platform as often as it had to, never once more");
        assertEquals(List.of(1, 2, 1), parts.stream().map(row -> row.getInteger("send_attempts")).toList());
        assertTrue(sentTexts.get(0).startsWith("Delivery detail number 0 "));
        assertEquals(List.of(parts.get(0).getString("text"), parts.get(1).getString("text"),
                parts.get(1).getString("text"), parts.get(2).getString("text")), sentTexts, "in order");
    }

    private static String text(LoggedRequest request) {
        return JsonCodec.decode(request.getBodyAsString(), JsonNode.class).path("text").path("body").asText();
    }
}
