package io.socialsync.local;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.socialsync.local.ItSupport.logTails;
import static io.socialsync.local.ItSupport.millisSince;
import static io.socialsync.local.ItSupport.randomDigits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.socialsync.model.HubSignature;
import io.socialsync.testsupport.RealServers;

/**
 * The three packaged services as separate processes on real PostgreSQL and Redis, with WireMock as the Graph API
 * (WhatsApp and Instagram): what a customer's message goes through in production, checked from the outside only.
 * <p>
 * Each run uses its own business number and knowledge marker, so reruns against a persistent shared database
 * neither collide nor read each other's data.
 */
class WhatsAppEndToEndIT {

    private static final String FALLBACK = "Thanks for your message! A member of our team will get back to you "
            + "shortly.";
    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration REPLY_WAIT = Duration.ofSeconds(15);
    /** Long enough after the first reply for a second one, from a redelivery batched separately, to show up. */
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final String SECRET = "it-app-secret";
    private static final String ACCESS_TOKEN = "it-access-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final String ACCOUNT = randomDigits("1", 15);
    private static final String INSTAGRAM_ACCOUNT = randomDigits("178414", 17);
    private static final String INSTAGRAM_SECRET = "it-instagram-secret";
    private static final String TELEGRAM_BOT = randomDigits("7", 10);
    private static final String TELEGRAM_TOKEN = TELEGRAM_BOT + ":it-telegram-token";
    private static final String TELEGRAM_SECRET = "it-telegram-secret";
    private static final String OPERATOR_KEY = "it-operator-key";
    private static final String TOKEN = randomWord(12);
    private static final String TENANT = "it-e2e-" + TOKEN;
    private static final String CHUNK = "Marker " + TOKEN + ": the " + TOKEN
            + " counter is staffed on weekdays from 7:15 to 19:45.";

    private static WireMockServer graph;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static IngestWebhook webhook;

    @BeforeAll
    static void startStack() throws Exception {
        StackLayout layout = StackLayout.locate();
        layout.requirePackaged(StackLayout.SERVICES);

        graph = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        graph.start();
        graph.stubFor(post(urlPathMatching("/graph/[^/]+/messages"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("read")))
                .willReturn(okJson("{\"success\":true}")));
        graph.stubFor(post(urlPathMatching("/graph/[^/]+/messages"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .willReturn(okJson("{\"messaging_product\":\"whatsapp\","
                        + "\"contacts\":[{\"input\":\"{{jsonPath request.body '$.to'}}\","
                        + "\"wa_id\":\"{{jsonPath request.body '$.to'}}\"}],"
                        + "\"messages\":[{\"id\":\"wamid.IT{{randomValue length=24 type='ALPHANUMERIC'}}\"}]}")
                        .withTransformers("response-template")));

        graph.stubFor(post(urlPathMatching("/ig/[^/]+/messages"))
                .withRequestBody(matchingJsonPath("$.sender_action"))
                .willReturn(okJson("{\"recipient_id\":\"{{jsonPath request.body '$.recipient.id'}}\"}")
                        .withTransformers("response-template")));
        graph.stubFor(post(urlPathMatching("/ig/[^/]+/messages"))
                .withRequestBody(matchingJsonPath("$.message.text"))
                .willReturn(okJson("{\"recipient_id\":\"{{jsonPath request.body '$.recipient.id'}}\","
                        + "\"message_id\":\"mid.IT{{randomValue length=24 type='ALPHANUMERIC'}}\"}")
                        .withTransformers("response-template")));

        graph.stubFor(post(urlPathMatching("/tg/bot[^/]+/sendChatAction")).willReturn(okJson("{\"ok\":true,"
                + "\"result\":true}")));
        graph.stubFor(post(urlPathMatching("/tg/bot[^/]+/sendMessage")).willReturn(okJson("{\"ok\":true,\"result\":"
                + "{\"message_id\":{{randomInt lower=1000 upper=900000}},\"date\":1764547200,"
                + "\"chat\":{\"id\":{{jsonPath request.body '$.chat_id'}},\"type\":\"private\"}}}")
                .withTransformers("response-template")));

        Map<String, String> env = new LinkedHashMap<>(RealServers.environment());
        env.put("WHATSAPP_WEBHOOK_SECRET", SECRET);
        env.put("WHATSAPP_VERIFY_TOKEN", "it-verify-token");
        env.put("WHATSAPP_ACCOUNT_ID", ACCOUNT);
        env.put("WHATSAPP_ACCESS_TOKEN", ACCESS_TOKEN);
        env.put("WHATSAPP_API_BASE_URL", "http://127.0.0.1:" + graph.port() + "/graph");
        env.put("INSTAGRAM_WEBHOOK_SECRET", INSTAGRAM_SECRET);
        env.put("INSTAGRAM_VERIFY_TOKEN", "it-instagram-verify-token");
        env.put("INSTAGRAM_ACCOUNT_ID", INSTAGRAM_ACCOUNT);
        env.put("INSTAGRAM_ACCESS_TOKEN", "it-instagram-token");
        env.put("INSTAGRAM_API_BASE_URL", "http://127.0.0.1:" + graph.port() + "/ig");
        env.put("TELEGRAM_WEBHOOK_SECRET", TELEGRAM_SECRET);
        env.put("TELEGRAM_ACCOUNT_ID", TELEGRAM_BOT);
        env.put("TELEGRAM_ACCESS_TOKEN", TELEGRAM_TOKEN);
        env.put("TELEGRAM_API_BASE_URL", "http://127.0.0.1:" + graph.port() + "/tg");
        // A tenant of this run's own: reruns on a persistent database never share its knowledge or credits.
        env.put("SOCIALSYNC_BOOTSTRAP_TENANT", TENANT);
        env.put("SOCIALSYNC_BATCH_WINDOW", "500ms");
        env.put("SOCIALSYNC_BATCH_MAX_WAIT", "10s");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("SOCIALSYNC_ADMIN_API_KEY", OPERATOR_KEY);
        env.put("SOCIALSYNC_CRYPTO_KEYS", LocalSettings.DEFAULT_CRYPTO_KEYS);
        // The offline provider makes replies predictable; a developer's AI endpoint must not leak in.
        Set<String> unset = Set.of("SOCIALSYNC_AI_BASE_URL", "SOCIALSYNC_AI_API_KEY", "SOCIALSYNC_AI_MODEL");

        long started = System.nanoTime();
        for (String name : StackLayout.SERVICES) {
            services.add(ServiceProcess.start(
                    new ServiceProcess.Launch(name, layout.jar(name), ServiceProcess.freePort(), env, unset),
                    layout.logFolder("it-logs")));
        }
        for (ServiceProcess service : services) {
            service.awaitReady(READY);
        }
        System.out.printf("[e2e] three services ready in %d ms (logs in %s)%n", millisSince(started),
                layout.logFolder("it-logs"));
        webhook = new IngestWebhook(services.get(0).baseUrl(), SECRET);

        try (Connection db = RealServers.postgres().connect()) {
            KnowledgeSeed.insert(db, KnowledgeSeed.tenant(db, TENANT, Duration.ofSeconds(15)),
                    "End-to-end marker " + TOKEN, "text", List.of(CHUNK));
        }
    }

    @AfterAll
    static void stopStack() {
        services.forEach(ServiceProcess::signalStop);
        services.forEach(service -> service.stop(Duration.ofSeconds(20)));
        if (graph != null) {
            graph.stop();
        }
    }

    @Test
    void redeliveredQuestionIsAnsweredOnceFromTheKnowledgeBase() throws Exception {
        String customer = randomDigits("49", 12);
        WhatsAppTextDelivery delivery = WhatsAppTextDelivery.fresh(ACCOUNT, customer, "What about " + TOKEN + "?");
        byte[] body = delivery.body();

        long sent = System.nanoTime();
        for (int attempt = 1; attempt <= 3; attempt++) {
            HttpResponse<String> answer = webhook.post(body);
            assertEquals(200, answer.statusCode(), "delivery " + attempt + ": " + answer.body());
            // Stored the first time only; a redelivery is acknowledged (so Meta stops retrying) and stored no more.
            assertEquals(attempt == 1 ? 1 : 0, JSON.readTree(answer.body()).path("stored").asInt(), answer.body());
        }

        List<LoggedRequest> replies = awaitNonEmpty(() -> replies(customer), REPLY_WAIT,
                "a reply to " + customer);
        System.out.printf("[e2e] knowledge reply %d ms after the first delivery%n", millisSince(sent));
        Thread.sleep(QUIET.toMillis());
        replies = replies(customer);
        assertEquals(1, replies.size(), "exactly one reply for three deliveries of one message: " + bodies(replies));

        LoggedRequest reply = replies.get(0);
        assertEquals("Bearer " + ACCESS_TOKEN, reply.getHeader("Authorization"));
        JsonNode sentBody = JSON.readTree(reply.getBodyAsString());
        assertEquals("whatsapp", sentBody.path("messaging_product").asText());
        assertEquals("individual", sentBody.path("recipient_type").asText());
        assertEquals(customer, sentBody.path("to").asText());
        assertEquals(CHUNK, sentBody.path("text").path("body").asText());

        List<JsonNode> reads = markReads(delivery.wamid());
        assertEquals(1, reads.size(), "one read receipt for the message: " + reads);
        assertEquals("text", reads.get(0).path("typing_indicator").path("type").asText(), reads.toString());
    }

    /**
     * 2026 identities: a customer writes with number and business-scoped id, then with the number withheld; both are
     * answered (to the number the contact keeps) in one conversation. A customer whose number was never shown is
     * answered through their business-scoped id ({@code recipient}, no {@code to}).
     */
    @Test
    void aCustomerWhoHidesTheirNumberStaysOneConversationAndAPhonelessOneIsAnswered() throws Exception {
        String customer = randomDigits("49", 12);
        String bsuid = "DE." + randomDigits("1", 20);
        assertEquals(200, webhook.post(identityDelivery(customer, bsuid, "What about " + TOKEN + "?")).statusCode());
        awaitNonEmpty(() -> replies(customer), REPLY_WAIT, "a reply to " + customer);
        assertEquals(200, webhook.post(identityDelivery(null, bsuid, "And " + TOKEN + " on Saturday?")).statusCode());
        awaitCount(() -> replies(customer), 2, "a second reply to the number the contact keeps");
        try (Connection db = RealServers.postgres().connect();
                PreparedStatement query = db.prepareStatement("""
                        SELECT count(DISTINCT m.conversation_id), count(*) FROM messages m
                        JOIN conversations c ON c.id = m.conversation_id JOIN contacts k ON k.id = c.contact_id
                        WHERE m.direction = 'inbound' AND k.platform_contact_id = ?""")) {
            query.setString(1, bsuid);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertEquals(1, rows.getInt(1), "one conversation");
                assertEquals(2, rows.getInt(2), "both messages in it");
            }
        }

        String phoneless = "US." + randomDigits("7", 20);
        assertEquals(200, webhook.post(identityDelivery(null, phoneless, "Hi, " + TOKEN + "?")).statusCode());
        List<LoggedRequest> byId = awaitNonEmpty(() -> graph.findAll(postRequestedFor(urlPathEqualTo("/graph/"
                + ACCOUNT + "/messages")).withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .withRequestBody(matchingJsonPath("$.recipient", equalTo(phoneless)))), REPLY_WAIT,
                "a reply to the business-scoped id");
        assertTrue(JSON.readTree(byId.get(0).getBodyAsString()).path("to").isMissingNode(),
                "no phone number to send to: " + byId.get(0).getBodyAsString());
    }

    /** A text from a customer named by number and/or business-scoped id, as WhatsApp delivers it since 2026. */
    private static byte[] identityDelivery(String number, String bsuid, String text) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode root = JSON.createObjectNode()
                .put("object", "whatsapp_business_account");
        com.fasterxml.jackson.databind.node.ObjectNode change = root.putArray("entry").addObject().put("id", "0")
                .putArray("changes").addObject().put("field", "messages");
        com.fasterxml.jackson.databind.node.ObjectNode value = change.putObject("value")
                .put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "15550000000").put("phone_number_id", ACCOUNT);
        com.fasterxml.jackson.databind.node.ObjectNode contact = value.putArray("contacts").addObject();
        contact.putObject("profile").put("name", "Local Customer").put("username", "@local");
        contact.put("user_id", bsuid);
        com.fasterxml.jackson.databind.node.ObjectNode message = value.putArray("messages").addObject();
        if (number != null) {
            contact.put("wa_id", number);
            message.put("from", number);
        }
        message.put("from_user_id", bsuid).put("id", WhatsAppTextDelivery.freshWamid())
                .put("timestamp", Long.toString(java.time.Instant.now().getEpochSecond())).put("type", "text")
                .putObject("text").put("body", text);
        return JSON.writeValueAsBytes(root);
    }

    private static <T> void awaitCount(Supplier<List<T>> probe, int count, String what) throws InterruptedException {
        long deadline = System.nanoTime() + REPLY_WAIT.toNanos();
        while (probe.get().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(count, probe.get().size(), what);
    }

    /**
     * A second business onboarded through the admin API only, as a tenant does it: no environment bootstrap for its
     * number. The token is checked with the (WireMock) Graph API, stored sealed, and opened for the reply.
     */
    @Test
    void anAccountConnectedThroughTheApiGetsItsCustomersAnswered() throws Exception {
        String responder = services.get(2).baseUrl();
        String slug = "it-api-" + randomWord(10);
        String number = randomDigits("2", 15);
        String waba = randomDigits("3", 15);
        String token = "EAAG" + randomWord(20);
        String marker = randomWord(12);
        graph.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/graph/" + number))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"display_phone_number\":\"+1 555-0199\",\"verified_name\":\"API Shop\","
                        + "\"quality_rating\":\"GREEN\",\"id\":\"" + number + "\"}")));
        graph.stubFor(post(urlPathEqualTo("/graph/" + waba + "/subscribed_apps"))
                .withHeader("Authorization", equalTo("Bearer " + token)).willReturn(okJson("{\"success\":true}")));

        assertEquals(201, admin(responder, OPERATOR_KEY, "/admin/tenants",
                "{\"slug\":\"" + slug + "\",\"name\":\"API Shop\",\"plan\":\"starter\"}").statusCode());
        HttpResponse<String> key = admin(responder, OPERATOR_KEY, "/admin/tenants/" + slug + "/api-keys",
                "{\"name\":\"e2e\"}");
        assertEquals(201, key.statusCode(), key.body());
        String tenantKey = JSON.readTree(key.body()).path("key").asText();
        HttpResponse<String> faq = admin(responder, tenantKey, "/admin/knowledge/faq", "{\"question\":\"When is the "
                + marker + " desk open?\",\"answer\":\"The " + marker + " desk opens at 8:30.\"}");
        assertEquals(201, faq.statusCode(), faq.body());
        HttpResponse<String> connected = admin(responder, tenantKey, "/admin/accounts", "{\"platform\":\"whatsapp\","
                + "\"platformAccountId\":\"" + number + "\",\"accessToken\":\"" + token + "\",\"wabaId\":\"" + waba
                + "\"}");
        assertEquals(201, connected.statusCode(), connected.body());
        assertEquals("active", JSON.readTree(connected.body()).path("account").path("state").asText());
        assertTrue(JSON.readTree(connected.body()).path("webhooks").path("subscribed").asBoolean(), connected.body());
        assertTrue(!connected.body().contains(token), "the token is never returned");

        String customer = randomDigits("49", 12);
        HttpResponse<String> delivered = webhook
                .post(WhatsAppTextDelivery.fresh(number, customer, "When is the " + marker + " desk open?").body());
        assertEquals(200, delivered.statusCode(), delivered.body());
        assertEquals(1, JSON.readTree(delivered.body()).path("stored").asInt(), delivered.body());

        Supplier<List<LoggedRequest>> answers = () -> graph.findAll(postRequestedFor(
                urlPathEqualTo("/graph/" + number + "/messages"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .withRequestBody(matchingJsonPath("$.to", equalTo(customer))));
        LoggedRequest reply = awaitNonEmpty(answers, REPLY_WAIT, "a reply on the connected number").get(0);
        assertEquals("Bearer " + token, reply.getHeader("Authorization"));
        assertTrue(reply.getBodyAsString().contains("8:30"), reply.getBodyAsString());
        try (Connection db = RealServers.postgres().connect();
                PreparedStatement query = db.prepareStatement(
                        "SELECT access_token FROM social_accounts WHERE platform_account_id = ?")) {
            query.setString(1, number);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertTrue(rows.getString(1).startsWith("enc:"), "stored sealed");
                assertTrue(!rows.getString(1).contains(token), "the column never holds the token");
            }
        }
    }

    private static HttpResponse<String> admin(String baseUrl, String key, String path, String json)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(15))
                .header("X-Api-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anInstagramQuestionIsAnsweredOnInstagramFromTheKnowledgeBase() throws Exception {
        String customer = randomDigits("9", 16);
        String mid = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlE" + randomWord(20);
        long now = System.currentTimeMillis();
        byte[] body = ("""
                {"object":"instagram","entry":[{"time":%d,"id":"%s","messaging":[{"sender":{"id":"%s"},
                 "recipient":{"id":"%s"},"timestamp":%d,"message":{"mid":"%s","text":"What about %s?"}}]}]}"""
                .formatted(now, INSTAGRAM_ACCOUNT, customer, INSTAGRAM_ACCOUNT, now, mid, TOKEN))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        IngestWebhook instagram = new IngestWebhook(services.get(0).baseUrl(), "instagram", INSTAGRAM_SECRET);

        long sent = System.nanoTime();
        HttpResponse<String> answer = instagram.post(body);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(1, JSON.readTree(answer.body()).path("stored").asInt(), answer.body());

        java.util.function.Supplier<List<LoggedRequest>> instagramReplies = () -> graph.findAll(
                postRequestedFor(urlPathEqualTo("/ig/" + INSTAGRAM_ACCOUNT + "/messages"))
                        .withRequestBody(matchingJsonPath("$.message.text"))
                        .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(customer))));
        List<LoggedRequest> replies = awaitNonEmpty(instagramReplies, REPLY_WAIT, "an Instagram reply to " + customer);
        System.out.printf("[e2e] Instagram reply %d ms after the delivery%n", millisSince(sent));
        assertEquals("Bearer it-instagram-token", replies.get(0).getHeader("Authorization"));
        assertEquals(CHUNK, JSON.readTree(replies.get(0).getBodyAsString()).path("message").path("text").asText());
        for (String action : List.of("typing_on", "mark_seen")) {
            assertEquals(1, graph.findAll(postRequestedFor(urlPathEqualTo("/ig/" + INSTAGRAM_ACCOUNT + "/messages"))
                    .withRequestBody(matchingJsonPath("$.sender_action", equalTo(action)))
                    .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(customer)))).size(), action);
        }
        Thread.sleep(QUIET.toMillis());
        assertEquals(1, instagramReplies.get().size(), "answered once");
    }

    /**
     * Telegram through the same three services: a private-chat text delivered three times (Telegram redelivers until
     * it gets a 2xx) is answered once, with the typing action before the reply; a wrong secret stores nothing.
     */
    @Test
    void aTelegramTextDeliveredThreeTimesIsAnsweredOnceAfterTyping() throws Exception {
        String ingest = services.get(0).baseUrl();
        String chat = randomDigits("5", 10);
        TelegramTextUpdate update = TelegramTextUpdate.fresh(chat, "What about " + TOKEN + "?");

        HttpResponse<String> forged = update.post(ingest, TELEGRAM_BOT, TELEGRAM_SECRET + "-wrong");
        assertEquals(401, forged.statusCode(), forged.body());
        assertEquals(401, update.post(ingest, TELEGRAM_BOT, null).statusCode());
        assertEquals(0, storedMessages(update.messageKey()), "a wrong secret stores nothing");

        long sent = System.nanoTime();
        for (int attempt = 1; attempt <= 3; attempt++) {
            HttpResponse<String> answer = update.post(ingest, TELEGRAM_BOT, TELEGRAM_SECRET);
            assertEquals(200, answer.statusCode(), "delivery " + attempt + ": " + answer.body());
            assertEquals(attempt == 1 ? 1 : 0, JSON.readTree(answer.body()).path("stored").asInt(), answer.body());
        }

        Supplier<List<LoggedRequest>> telegramReplies = () -> telegramCalls("sendMessage", chat);
        List<LoggedRequest> replies = awaitNonEmpty(telegramReplies, REPLY_WAIT, "a Telegram reply to " + chat);
        System.out.printf("[e2e] Telegram reply %d ms after the first delivery%n", millisSince(sent));
        Thread.sleep(QUIET.toMillis());
        replies = telegramReplies.get();
        assertEquals(1, replies.size(), "exactly one reply for three deliveries: " + bodies(replies));
        assertEquals(1, storedMessages(update.messageKey()));

        LoggedRequest reply = replies.get(0);
        assertTrue(reply.getUrl().startsWith("/tg/bot" + TELEGRAM_BOT), "the bot's token in the path");
        JsonNode body = JSON.readTree(reply.getBodyAsString());
        assertEquals(chat, body.path("chat_id").asText());
        assertEquals(CHUNK, body.path("text").asText());
        List<LoggedRequest> typing = telegramCalls("sendChatAction", chat);
        assertTrue(!typing.isEmpty(), "typing shown");
        assertEquals("typing", JSON.readTree(typing.get(0).getBodyAsString()).path("action").asText());
        assertTrue(!typing.get(0).getLoggedDate().after(reply.getLoggedDate()), "typing before the reply");
    }

    private static List<LoggedRequest> telegramCalls(String method, String chat) {
        return graph.findAll(postRequestedFor(urlPathMatching("/tg/bot[^/]+/" + method))
                .withRequestBody(matchingJsonPath("$.chat_id", equalTo(chat))));
    }

    private static int storedMessages(String platformMessageId) throws Exception {
        try (Connection db = RealServers.postgres().connect();
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM messages m JOIN social_accounts a "
                        + "ON a.id = m.account_id WHERE a.platform = 'telegram' AND m.platform_message_id = ?")) {
            query.setString(1, platformMessageId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Test
    void questionOutsideTheKnowledgeBaseGetsTheFallback() throws Exception {
        String customer = randomDigits("49", 12);
        byte[] body = WhatsAppTextDelivery.fresh(ACCOUNT, customer, randomWord(9) + " " + randomWord(11)).body();
        long sent = System.nanoTime();
        HttpResponse<String> answer = webhook.post(body);
        assertEquals(200, answer.statusCode(), answer.body());

        List<LoggedRequest> replies = awaitNonEmpty(() -> replies(customer), REPLY_WAIT,
                "a reply to " + customer);
        System.out.printf("[e2e] fallback reply %d ms after the delivery%n", millisSince(sent));
        assertEquals(FALLBACK, JSON.readTree(replies.get(0).getBodyAsString()).path("text").path("body").asText());
    }

    @Test
    void forgedDeliveryIsRefusedAndLeavesNoTrace() throws Exception {
        String customer = randomDigits("49", 12);
        WhatsAppTextDelivery delivery = WhatsAppTextDelivery.fresh(ACCOUNT, customer, "What about " + TOKEN + "?");
        byte[] body = delivery.body();

        HttpResponse<String> forged = webhook.postWithSignature(body, HubSignature.sign("not-the-secret", body));
        assertEquals(401, forged.statusCode(), forged.body());
        assertTrue(forged.headers().firstValue("Content-Type").orElse("").contains("problem+json"),
                forged.headers().toString());
        HttpResponse<String> unsigned = webhook.postWithSignature(body, null);
        assertEquals(401, unsigned.statusCode(), unsigned.body());

        // Give a wrongly accepted message the time it would need to be batched and answered.
        Thread.sleep(QUIET.toMillis());
        try (Connection db = RealServers.postgres().connect();
                PreparedStatement query = db
                        .prepareStatement("SELECT count(*) FROM messages WHERE platform_message_id = ?")) {
            query.setString(1, delivery.wamid());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertEquals(0, rows.getInt(1), "no message stored for " + delivery.wamid());
            }
        }
        assertEquals(List.of(), bodies(replies(customer)), "nothing sent to " + customer);
        assertEquals(List.of(), markReads(delivery.wamid()), "no read receipt for " + delivery.wamid());
    }

    @Test
    void everyServiceReportsHealthAndMetrics() throws Exception {
        for (ServiceProcess service : services) {
            for (String path : List.of("/q/health/live", "/q/health/ready", "/q/metrics")) {
                HttpResponse<String> answer = HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).timeout(Duration.ofSeconds(5))
                                .GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), service.name() + path + ": " + answer.body());
            }
        }
    }

    /** Text messages sent to one customer from this run's business number. */
    private static List<LoggedRequest> replies(String customer) {
        return graph.findAll(postRequestedFor(urlPathEqualTo("/graph/" + ACCOUNT + "/messages"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .withRequestBody(matchingJsonPath("$.to", equalTo(customer))));
    }

    private static List<JsonNode> markReads(String wamid) throws IOException {
        List<JsonNode> reads = new ArrayList<>();
        for (LoggedRequest request : graph.findAll(postRequestedFor(urlPathEqualTo("/graph/" + ACCOUNT + "/messages"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("read")))
                .withRequestBody(matchingJsonPath("$.message_id", equalTo(wamid))))) {
            reads.add(JSON.readTree(request.getBodyAsString()));
        }
        return reads;
    }

    private static List<String> bodies(List<LoggedRequest> requests) {
        return requests.stream().map(LoggedRequest::getBodyAsString).toList();
    }

    private static <T> List<T> awaitNonEmpty(Supplier<List<T>> probe, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<T> found = probe.get();
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No " + what + " within " + timeout.toSeconds() + " s. Graph API received: "
                + bodies(graph.findAll(postRequestedFor(urlPathMatching("/graph/.*")))) + logTails(services, 15));
    }

    /** Letters only, so full-text search keeps it as one lexeme that no other text contains. */
    private static String randomWord(int length) {
        StringBuilder word = new StringBuilder("zq");
        while (word.length() < length) {
            word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return word.toString();
    }
}
