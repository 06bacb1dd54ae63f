package io.socialsync.ingest.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.StreamFields;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Concurrent deliveries share INSERT statements (group commit), and still every one is answered 200 only with its
 * own message stored once and enqueued, including a redelivery racing its original.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class GroupCommitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Store store;

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void concurrentDeliveriesAreGroupedAndEachIsStoredOnceAndEnqueued() throws Exception {
        DistributionSummary groups = registry.find("socialsync.store.group.size").summary();
        double largestBefore = groups == null ? 0 : groups.max();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Deliveries.Text> texts = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Deliveries.Text text = Deliveries.whatsappText();
            texts.add(text);
            // Every fifth message is sent twice at once: a redelivery racing the original.
            int copies = i % 5 == 0 ? 2 : 1;
            for (int copy = 0; copy < copies; copy++) {
                answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/webhooks/whatsapp"))
                        .header("Content-Type", "application/json")
                        .header("X-Hub-Signature-256", Deliveries.sign(text.body()))
                        .POST(HttpRequest.BodyPublishers.ofString(text.body())).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertEquals(200, answer.get().statusCode(), answer.get().body());
        }
        for (Deliveries.Text text : texts) {
            assertEquals(1, store.messages(text.wamid()).size(), "stored exactly once");
            assertTrue(store.enqueued(text.wamid()).size() >= 1, "on the stream before the answer");
        }
        DistributionSummary after = registry.find("socialsync.store.group.size").summary();
        assertTrue(after.max() > 1 || largestBefore > 1, "some statements stored several messages");
    }

    @Test
    void aBurstInOneDeliveryReachesTheStreamAsAdjacentEntriesInItsOrder() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Deliveries.whatsappText().body());
        ObjectNode value = (ObjectNode) root.path("entry").path(0).path("changes").path(0).path("value");
        ObjectNode first = (ObjectNode) value.path("messages").path(0);
        ArrayNode burst = value.putArray("messages");
        List<String> wamids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String wamid = "wamid.BURST" + java.util.UUID.randomUUID().toString().replace("-", "") + i;
            wamids.add(wamid);
            ObjectNode message = first.deepCopy().put("id", wamid);
            message.putObject("text").put("body", "part " + i + " of one thought");
            burst.add(message);
        }
        String body = JSON.writeValueAsString(root);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/webhooks/whatsapp"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", Deliveries.sign(body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());

        // Newest first: the burst is the five newest entries carrying its ids, next to each other, last one first.
        List<String> recent = redis.stream(String.class)
                .xrevrange(RedisKeys.INBOUND_STREAM, StreamRange.of("+", "-"), 200).stream()
                .map(entry -> JsonCodec.decode(entry.payload().get(StreamFields.MESSAGE), UnifiedMessage.class)
                        .platformMessageId())
                .toList();
        int last = recent.indexOf(wamids.get(4));
        assertTrue(last >= 0, "the burst is on the stream");
        assertEquals(List.of(wamids.get(4), wamids.get(3), wamids.get(2), wamids.get(1), wamids.get(0)),
                recent.subList(last, last + 5), "adjacent, in the delivery's order");
    }
}
