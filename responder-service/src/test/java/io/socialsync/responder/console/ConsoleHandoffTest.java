package io.socialsync.responder.console;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The inbox, a conversation and a person's actions in the console, over HTTP as the browser's htmx sends them. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class ConsoleHandoffTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @TestHTTPResource("/console/inbox/stream")
    URL inboxStream;

    @Test
    void theInboxShowsWaitingConversationsFirstWithTheirReasonAndFindsAContact() {
        Seeds.Business business = Seeds.business(pool);
        Seeds.inbound(pool, business, "4915400000001", "just saying hi");
        UUID waiting = escalated(business, "4915400000002");
        ConsoleClient console = ConsoleClient.forTenant(slugOf(business));

        String list = console.reading().when().get("/console/inbox/list").then().statusCode(200).extract().asString();
        assertTrue(list.indexOf("4915400000002") < list.indexOf("4915400000001"), "waiting first:\n" + list);
        assertTrue(list.contains("the AI was not sure"), list);
        console.reading().queryParam("contact", "400000001").when().get("/console/inbox/list").then().statusCode(200)
                .body(containsString("4915400000001")).body(not(containsString("4915400000002")));
        console.reading().queryParam("platform", "instagram").when().get("/console/inbox/list").then()
                .statusCode(200).body(not(containsString("49154000000")));

        console.reading().when().get("/console/conversations/{id}", waiting).then().statusCode(200)
                .body(containsString("id=\"waiting-reason\"")).body(containsString("can I pay in bitcoin?"))
                .body(containsString("data-author=\"customer\""));
    }

    @Test
    void anotherTenantsConversationIsNotFound() {
        Seeds.Business business = Seeds.business(pool);
        UUID conversation = escalated(business, "4915400000003");
        ConsoleClient stranger = ConsoleClient.forTenant(slugOf(Seeds.business(pool)));

        stranger.reading().when().get("/console/conversations/{id}", conversation).then().statusCode(404)
                .body(not(containsString("4915400000003")));
        stranger.changing().formParam("text", "hello from elsewhere").when()
                .post("/console/conversations/{id}/reply", conversation).then().statusCode(404);
        stranger.changing().formParam("enabled", "false").when().post("/console/conversations/{id}/ai", conversation)
                .then().statusCode(404);
    }

    @Test
    void aPersonsReplyIsSentOnceEvenWhenTheFormIsSentTwice() {
        Seeds.Business business = Seeds.business(pool);
        String customer = "4915400000004";
        UUID conversation = escalated(business, customer);
        ConsoleClient console = ConsoleClient.forTenant(slugOf(business));
        String key = UUID.randomUUID().toString();

        for (int i = 0; i < 2; i++) {
            // On a loaded machine the mock's answer may come after the send timeout: then the page says the delivery
            // is not confirmed (and keeps the key), which must not send it again either.
            console.changing().formParam("text", "Maria here, we can do that.").formParam("key", key).when()
                    .post("/console/conversations/{id}/reply", conversation).then().statusCode(200)
                    .body(anyOf(containsString("data-outcome=\"sent\""),
                            containsString("data-outcome=\"unconfirmed\"")));
        }

        assertEquals(1, GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId()
                + "/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(customer)))).size(), "sent once");
        console.reading().when().get("/console/conversations/{id}/thread", conversation).then().statusCode(200)
                .body(containsString("data-author=\"person\"")).body(containsString("Maria here, we can do that."));
    }

    @Test
    void afterTheWindowARefusedReplyIsShownAsRefusedAndNothingIsSent() {
        Seeds.Business business = Seeds.business(pool);
        String customer = "4915400000008";
        UUID conversation = escalated(business, customer);
        pool.preparedQuery("UPDATE messages SET sent_at = now() - interval '2 days' WHERE conversation_id = $1")
                .execute(Tuple.of(conversation)).await().atMost(WAIT);
        ConsoleClient console = ConsoleClient.forTenant(slugOf(business));

        console.reading().when().get("/console/conversations/{id}", conversation).then().statusCode(200)
                .body(containsString("id=\"window-closed\""));
        console.changing().formParam("text", "Sorry for the wait!").formParam("key", UUID.randomUUID().toString())
                .when().post("/console/conversations/{id}/reply", conversation).then().statusCode(200)
                .body(containsString("data-outcome=\"refused\"")).body(containsString("id=\"reply-detail\""));
        assertEquals(0, GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId()
                + "/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(customer)))).size(), "nothing sent");
    }

    @Test
    void theAiIsPausedThenHandedBack() {
        Seeds.Business business = Seeds.business(pool);
        UUID conversation = escalated(business, "4915400000005");
        ConsoleClient console = ConsoleClient.forTenant(slugOf(business));

        console.changing().formParam("minutes", "60").when().post("/console/conversations/{id}/pause", conversation)
                .then().statusCode(200).body(containsString("id=\"ai-paused\""));
        Row paused = row("SELECT ai_paused_until > now() + interval '55 minutes' FROM conversations WHERE id = $1",
                conversation);
        assertEquals(true, paused.getBoolean(0));

        console.changing().formParam("enabled", "true").when().post("/console/conversations/{id}/ai", conversation)
                .then().statusCode(200).body(containsString("id=\"ai-on\""))
                .body(not(containsString("waiting-reason")));
        Row back = row("SELECT ai_enabled, ai_paused_until, status FROM conversations WHERE id = $1", conversation);
        assertEquals(true, back.getBoolean("ai_enabled"));
        assertEquals(null, back.getValue("ai_paused_until"));
        assertEquals("open", back.getString("status"));

        console.changing().formParam("enabled", "false").when().post("/console/conversations/{id}/ai", conversation)
                .then().statusCode(200).body(containsString("id=\"ai-off\""));
    }

    @Test
    void theInboxStreamSaysWhenACustomerWrites() throws Exception {
        Seeds.Business business = Seeds.business(pool);
        Seeds.inbound(pool, business, "4915400000006", "hello");
        ConsoleClient console = ConsoleClient.forTenant(slugOf(business));
        HttpRequest request = HttpRequest.newBuilder(inboxStream.toURI())
                .header("Cookie", console.session().getName() + "=" + console.session().getValue())
                .header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertEquals("data:changed", nextData(events), "one event at the start");
            escalated(business, "4915400000007");
            assertEquals("data:changed", nextData(events), "and one when a customer wrote");
        }
    }

    private static String nextData(BufferedReader events) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = events.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        return line.replace(" ", "");
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** A conversation the AI handed to a person, with a message waiting, as ReplyService leaves it. */
    private UUID escalated(Seeds.Business business, String customer) {
        List<UnifiedMessage> inbound = Seeds.inbound(pool, business, customer, "can I pay in bitcoin?");
        UUID conversation = row("SELECT conversation_id FROM messages WHERE id = $1", inbound.get(0).id()).getUUID(0);
        pool.preparedQuery("UPDATE messages SET status = 'awaiting_human' WHERE id = $1")
                .execute(Tuple.of(inbound.get(0).id())).await().atMost(WAIT);
        pool.preparedQuery("UPDATE conversations SET status = 'waiting_for_human', updated_at = now() WHERE id = $1")
                .execute(Tuple.of(conversation)).await().atMost(WAIT);
        pool.preparedQuery("""
                INSERT INTO escalations (tenant_id, conversation_id, reason, confidence)
                VALUES ($1, $2, 'low_confidence', 0.2)""").execute(Tuple.of(business.tenantId(), conversation))
                .await().atMost(WAIT);
        return conversation;
    }

    private String slugOf(Seeds.Business business) {
        return row("SELECT slug FROM tenants WHERE id = $1", business.tenantId()).getString(0);
    }

    private Row row(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(WAIT).iterator().next();
    }
}
