package io.socialsync.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.socialsync.local.ItSupport.logTails;
import static io.socialsync.local.ItSupport.randomDigits;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Metadata;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.socialsync.testsupport.RealServers;
import io.socialsync.testsupport.RestartableRedis;

/**
 * Exactly one reply, proven by fault injection over the three packaged services (issue 13). WireMock plays the Graph
 * API like the platform: every send it delivers is reported back to ingest as Meta does — a signed {@code statuses}
 * webhook carrying the send's {@code biz_opaque_callback_data} (WhatsApp) or a signed echo (Instagram) — and it can
 * answer late, reset the connection, fail with 500 after delivering, refuse, or stay silent. Each case counts what the
 * customer received: the sends the fake platform delivered.
 */
class ExactlyOnceFaultIT {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration ANSWERED = Duration.ofSeconds(60);
    private static final String WHATSAPP_SECRET = "exactly-once-wa-secret";
    private static final String INSTAGRAM_SECRET = "exactly-once-ig-secret";
    private static final String ACCOUNT = randomDigits("3", 15);
    private static final String IG_ACCOUNT = randomDigits("178", 17);
    private static final String SHORT_REPLY = "Thanks, we are on it.";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stub metadata: whether the fake platform delivered what it was sent (a customer saw it). */
    private static final String DELIVERED = "delivered";
    /** Stub metadata: whether the fake platform reports the delivery back (status webhook, echo). */
    private static final String REPORTS = "reports";

    private static RestartableRedis redis;
    private static WireMockServer graph;
    private static WireMockServer llm;
    private static StackLayout layout;
    private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private static final ScheduledExecutorService reports = Executors.newScheduledThreadPool(4);
    private static volatile IngestWebhook whatsAppWebhook;
    private static volatile IngestWebhook instagramWebhook;
    private static int restarts;

    @BeforeAll
    static void startStack() {
        layout = StackLayout.locate();
        layout.requirePackaged(StackLayout.SERVICES);
        redis = RestartableRedis.start();
        graph = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(64)
                .extensions(new PlatformReports()));
        graph.start();
        graph.stubFor(post(urlPathMatching("/graph/[^/]+/messages")).atPriority(9)
                .withRequestBody(matchingJsonPath("$.status", equalTo("read")))
                .willReturn(okJson("{\"success\":true}")));
        graph.stubFor(post(urlPathMatching("/graph/[^/]+/messages")).atPriority(9)
                .withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .withMetadata(platform(true, true)).willReturn(whatsAppSent()));
        graph.stubFor(post(urlPathMatching("/ig/[^/]+/messages")).atPriority(9)
                .withRequestBody(matchingJsonPath("$.sender_action"))
                .willReturn(okJson("{\"recipient_id\":\"x\"}")));
        graph.stubFor(post(urlPathMatching("/ig/[^/]+/messages")).atPriority(9)
                .withRequestBody(matchingJsonPath("$.message.text"))
                .withMetadata(platform(true, true)).willReturn(instagramSent()));
        llm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(32));
        llm.start();
        llm.stubFor(post(urlPathMatching("/v1/chat/completions")).atPriority(5).willReturn(okJson(completion(
                SHORT_REPLY))));
        StringBuilder catalogue = new StringBuilder();
        for (int i = 0; catalogue.length() < 3_300; i++) {
            catalogue.append("Model ").append(i).append(" of our bikes comes with lights, a bell and a lock. ");
        }
        llm.stubFor(post(urlPathMatching("/v1/chat/completions")).atPriority(1).withRequestBody(containing("catalogue"))
                .willReturn(okJson(completion(catalogue.toString().strip()))));

        RealServers.Postgres postgres = RealServers.postgres();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("QUARKUS_REDIS_HOSTS", redis.hosts());
        env.put("WHATSAPP_WEBHOOK_SECRET", WHATSAPP_SECRET);
        env.put("WHATSAPP_VERIFY_TOKEN", "exactly-once-verify");
        env.put("WHATSAPP_ACCOUNT_ID", ACCOUNT);
        env.put("WHATSAPP_ACCESS_TOKEN", "exactly-once-token");
        // The packaged services run in the prod profile, which seals tokens and refuses to start without a key.
        env.put("SOCIALSYNC_CRYPTO_KEYS", LocalSettings.DEFAULT_CRYPTO_KEYS);
        env.put("WHATSAPP_API_BASE_URL", "http://127.0.0.1:" + graph.port() + "/graph");
        env.put("INSTAGRAM_WEBHOOK_SECRET", INSTAGRAM_SECRET);
        env.put("INSTAGRAM_VERIFY_TOKEN", "exactly-once-verify");
        env.put("INSTAGRAM_ACCOUNT_ID", IG_ACCOUNT);
        env.put("INSTAGRAM_ACCESS_TOKEN", "exactly-once-ig-token");
        env.put("INSTAGRAM_API_BASE_URL", "http://127.0.0.1:" + graph.port() + "/ig");
        env.put("SOCIALSYNC_BOOTSTRAP_TENANT", "it-exactly-once-" + UUID.randomUUID());
        env.put("SOCIALSYNC_DEFAULT_PLAN", "pro");
        env.put("SOCIALSYNC_AI_BASE_URL", "http://127.0.0.1:" + llm.port() + "/v1");
        env.put("SOCIALSYNC_AI_API_KEY", "sk-it");
        env.put("SOCIALSYNC_BATCH_WINDOW", "300ms");
        env.put("SOCIALSYNC_BATCH_MAX_WAIT", "2s");
        env.put("SOCIALSYNC_CLAIM_LEASE", "3s");
        env.put("SOCIALSYNC_CLAIM_SWEEP_INTERVAL", "200ms");
        env.put("SOCIALSYNC_CLAIM_RETRY_BACKOFF", "200ms");
        env.put("SOCIALSYNC_SEND_CONFIRM_WAIT", "5s");
        env.put("SOCIALSYNC_SEND_CONFIRM_POLL", "300ms");
        env.put("SOCIALSYNC_SEND_WHATSAPP_RECIPIENT_SPACING", "50ms");
        env.put("SOCIALSYNC_SEND_INSTAGRAM_RECIPIENT_SPACING", "50ms");
        env.put("QUARKUS_REST_CLIENT_WHATSAPP_GRAPH_READ_TIMEOUT", "1500");
        env.put("QUARKUS_REST_CLIENT_INSTAGRAM_GRAPH_READ_TIMEOUT", "1500");
        env.put("SOCIALSYNC_RECONCILER_INTERVAL", "500ms");
        env.put("SOCIALSYNC_RECONCILER_GRACE", "2s");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        Set<String> unset = Set.of("SOCIALSYNC_AI_MODEL");
        for (String service : StackLayout.SERVICES) {
            services.put(service, ServiceProcess.start(new ServiceProcess.Launch(service, layout.jar(service),
                    ServiceProcess.freePort(), env, unset), layout.logFolder("it-logs")));
        }
        services.values().forEach(service -> service.awaitReady(READY));
        String ingest = services.get(StackLayout.INGEST).baseUrl();
        whatsAppWebhook = new IngestWebhook(ingest, "whatsapp", WHATSAPP_SECRET);
        instagramWebhook = new IngestWebhook(ingest, "instagram", INSTAGRAM_SECRET);
    }

    @AfterAll
    static void stopStack() {
        services.values().forEach(ServiceProcess::signalStop);
        services.values().forEach(service -> service.stop(Duration.ofSeconds(20)));
        reports.shutdownNow();
        if (graph != null) {
            graph.stop();
        }
        if (llm != null) {
            llm.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void unknownOutcomesWithTheirStatusWebhookReachTheCustomerOnce() throws Exception {
        Map<String, ResponseDefinitionBuilder> faults = new LinkedHashMap<>();
        faults.put("late", whatsAppSent().withFixedDelay(3_000));
        faults.put("reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        faults.put("500", aResponse().withStatus(500).withBody("{\"error\":{\"code\":1,\"message\":\"unknown\"}}"));
        Map<String, String> customers = new LinkedHashMap<>();
        for (Map.Entry<String, ResponseDefinitionBuilder> fault : faults.entrySet()) {
            String customer = randomDigits("4917", 12);
            customers.put(fault.getKey(), customer);
            failFirstSend(customer, fault.getValue(), true, true);
            assertEquals(200, whatsAppWebhook.post(whatsAppText(ACCOUNT, customer, "hello " + fault.getKey()))
                    .statusCode());
        }
        for (Map.Entry<String, String> customer : customers.entrySet()) {
            awaitAnswered(ACCOUNT, customer.getValue(), 1);
        }
        Thread.sleep(6_000); // past the confirmation wait: nothing more may go out
        for (Map.Entry<String, String> customer : customers.entrySet()) {
            assertEquals(1, delivered(customer.getValue()), customer.getKey() + ": the customer got the reply once");
        }
    }

    @Test
    void unknownOutcomesWithoutAnyReportAreSentAgainOnceNeverMore() throws Exception {
        Map<String, ResponseDefinitionBuilder> faults = new LinkedHashMap<>();
        faults.put("late", whatsAppSent().withFixedDelay(3_000));
        faults.put("reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        faults.put("500", aResponse().withStatus(500));
        Map<String, String> customers = new LinkedHashMap<>();
        for (Map.Entry<String, ResponseDefinitionBuilder> fault : faults.entrySet()) {
            String customer = randomDigits("4918", 12);
            customers.put(fault.getKey(), customer);
            failFirstSend(customer, fault.getValue(), true, false);
            assertEquals(200, whatsAppWebhook.post(whatsAppText(ACCOUNT, customer, "hi " + fault.getKey()))
                    .statusCode());
        }
        for (String customer : customers.values()) {
            awaitAnswered(ACCOUNT, customer, 1);
        }
        Thread.sleep(6_000);
        for (Map.Entry<String, String> customer : customers.entrySet()) {
            assertEquals(2, textSends(customer.getValue()), customer.getKey() + ": sent again once after the wait");
            assertEquals(1, distinctTags(customer.getValue()), customer.getKey() + ": the same recorded part");
        }
    }

    @Test
    void aResponderKilledMidSendLosesNoReplyAndDoublesNone() throws Exception {
        int rounds = 10;
        int lost = 0;
        int doubled = 0;
        for (int round = 1; round <= rounds; round++) {
            // Delivered, but the responder dies before it hears so: killed between sending and recording.
            String delivered = randomDigits("4919", 12);
            failFirstSend(delivered, whatsAppSent().withFixedDelay(2_500), true, true);
            // Not delivered, and the responder dies before it hears so: its recorded part was never sent.
            String notDelivered = randomDigits("4916", 12);
            failFirstSend(notDelivered, aResponse().withStatus(503).withFixedDelay(2_500), false, false);
            whatsAppWebhook.post(whatsAppText(ACCOUNT, delivered, "round " + round + " delivered"));
            whatsAppWebhook.post(whatsAppText(ACCOUNT, notDelivered, "round " + round + " not delivered"));
            await(Duration.ofSeconds(30), () -> textSends(delivered) == 1 && textSends(notDelivered) == 1,
                    "both sends in flight in round " + round);

            ServiceProcess victim = services.get(StackLayout.RESPONDER);
            victim.kill();
            restart(victim).awaitReady(READY);

            awaitAnswered(ACCOUNT, delivered, 1);
            awaitAnswered(ACCOUNT, notDelivered, 1);
            for (String customer : List.of(delivered, notDelivered)) {
                int got = delivered(customer);
                lost += got == 0 ? 1 : 0;
                doubled += got > 1 ? 1 : 0;
            }
            System.out.printf("[exactly-once] kill round %d: delivered-before-kill got %d, not-delivered got %d%n",
                    round, delivered(delivered), delivered(notDelivered));
        }
        System.out.printf("[exactly-once] %d kill rounds (2 conversations each): %d replies lost, %d doubled%n", rounds,
                lost, doubled);
        assertEquals(0, lost, "replies lost");
        assertEquals(0, doubled, "replies doubled");
    }

    @Test
    void aFourPartInstagramReplyWhoseEchoesArriveBetweenThePartsIsOursAndSentOnce() throws Exception {
        String customer = randomDigits("9", 16);
        assertEquals(200, instagramWebhook.post(instagramText(customer, "please send me your catalogue"))
                .statusCode());

        awaitAnswered(IG_ACCOUNT, customer, 1);
        Thread.sleep(1_000);
        assertEquals(4, delivered(customer), "four parts, each once");
        Map<String, Long> outbound = outbound(IG_ACCOUNT, customer);
        assertEquals(4L, outbound.getOrDefault("sent", 0L), "every part confirmed: " + outbound);
        assertEquals(0L, outbound.getOrDefault("human", 0L), "no echo taken for a person's reply");
        assertEquals(Boolean.FALSE, paused(IG_ACCOUNT, customer), "the AI is not paused by its own echoes");
    }

    @Test
    void aTokenRejectedWhileCustomersWriteHoldsEveryMessageUntilTheAccountIsBackThenAnswersEachOnce()
            throws Exception {
        String account = randomDigits("5", 15);
        addAccount(account, "it-old-token");
        graph.stubFor(post(urlPathMatching("/graph/" + account + "/messages")).atPriority(2)
                .withHeader("Authorization", equalTo("Bearer it-old-token"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .withMetadata(platform(false, false))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":190,\"message\":\"Error validating access token\"}}")));
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String customer = randomDigits("4915", 12);
            customers.add(customer);
            assertEquals(200, whatsAppWebhook.post(whatsAppText(account, customer, "first " + i)).statusCode());
            Thread.sleep(700);
        }
        await(ANSWERED, () -> count("""
                SELECT count(*) FROM messages m JOIN social_accounts a ON a.id = m.account_id
                WHERE a.platform_account_id = ? AND m.direction = 'inbound' AND m.status = 'held'""", account) == 4,
                "every message held while the token is rejected");
        for (String customer : customers) {
            assertEquals(200, whatsAppWebhook.post(whatsAppText(account, customer, "still there?")).statusCode());
        }

        await(ANSWERED, () -> count("""
                SELECT count(*) FROM messages m JOIN social_accounts a ON a.id = m.account_id
                WHERE a.platform_account_id = ? AND m.direction = 'inbound' AND m.status = 'held'""", account) == 8,
                "the later messages held too");

        execute("UPDATE social_accounts SET access_token = 'it-new-token', active = true, flagged_reason = NULL "
                + "WHERE platform_account_id = ?", account);

        for (String customer : customers) {
            awaitAnswered(account, customer, 2);
        }
        Thread.sleep(2_000);
        for (String customer : customers) {
            long batches = count("""
                    SELECT count(DISTINCT m.batch_id) FROM messages m JOIN social_accounts a ON a.id = m.account_id
                    JOIN conversations cv ON cv.id = m.conversation_id JOIN contacts c ON c.id = cv.contact_id
                    WHERE a.platform_account_id = ? AND c.platform_contact_id = ? AND m.direction = 'inbound'
                      AND m.status = 'answered'""", account, customer);
            assertEquals(batches, delivered(customer), "one reply per batch that answered " + customer);
            assertEquals(true, batches >= 1 && batches <= 2, "both messages answered, none twice: " + batches);
        }
    }

    // --- the fake platform ---------------------------------------------------------------------------------------

    /** The first text send to this customer gets {@code answer}; later ones the normal delivered answer. */
    private static void failFirstSend(String customer, ResponseDefinitionBuilder answer, boolean delivered,
            boolean reports) {
        String scenario = "first-send-" + customer;
        graph.stubFor(post(urlPathMatching("/graph/[^/]+/messages")).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered once")
                .withRequestBody(matchingJsonPath("$.to", equalTo(customer)))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .withMetadata(platform(delivered, reports)).willReturn(answer));
    }

    private static Metadata platform(boolean delivered, boolean reports) {
        return Metadata.metadata().attr(DELIVERED, delivered).attr(REPORTS, reports).build();
    }

    private static ResponseDefinitionBuilder whatsAppSent() {
        return okJson("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.EO{{request.id}}\"}]}")
                .withTransformers("response-template");
    }

    private static ResponseDefinitionBuilder instagramSent() {
        return okJson("{\"recipient_id\":\"{{jsonPath request.body '$.recipient.id'}}\",\"message_id\":"
                + "\"mid.EO{{request.id}}\"}").withTransformers("response-template");
    }

    /** Reports each delivered send back to ingest, signed, as Meta does: a status webhook or an echo. */
    static final class PlatformReports implements ServeEventListener {

        @Override
        public String getName() {
            return "platform-reports";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        /**
         * On match, not on completion: a platform that took a message reports it even when the caller's connection is
         * gone (a killed responder) — after the answer's own delay, as the answer would have come.
         */
        @Override
        public void afterMatch(ServeEvent event, Parameters parameters) {
            if (event.getStubMapping() == null || event.getStubMapping().getMetadata() == null) {
                return;
            }
            Metadata metadata = event.getStubMapping().getMetadata();
            if (!metadata.getBoolean(DELIVERED, false) || !metadata.getBoolean(REPORTS, true)) {
                return;
            }
            String url = event.getRequest().getUrl();
            String body = event.getRequest().getBodyAsString();
            String id = event.getRequest().getId().toString();
            Integer delay = event.getStubMapping().getResponse().getFixedDelayMilliseconds();
            reports.schedule(() -> report(url, body, id), delay == null ? 0 : delay, TimeUnit.MILLISECONDS);
        }

        private static void report(String url, String body, String requestId) {
            try {
                JsonNode sent = JSON.readTree(body);
                String[] path = url.split("/");
                if (url.startsWith("/graph/")) {
                    whatsAppWebhook.post(whatsAppStatus(path[2], sent.path("to").asText(), "wamid.EO" + requestId,
                            sent.path("biz_opaque_callback_data").asText()));
                } else {
                    instagramWebhook.post(instagramEcho(path[2], sent.path("recipient").path("id").asText(),
                            "mid.EO" + requestId, sent.path("message").path("text").asText()));
                }
            } catch (Exception e) {
                System.out.println("[exactly-once] report not posted: " + e);
            }
        }
    }

    // --- deliveries --------------------------------------------------------------------------------------------

    private static byte[] whatsAppText(String account, String customer, String text) {
        ObjectNode value = whatsAppValue(account);
        value.putArray("contacts").addObject().put("wa_id", customer).putObject("profile").put("name", "IT");
        ObjectNode message = value.putArray("messages").addObject().put("from", customer)
                .put("id", WhatsAppTextDelivery.freshWamid()).put("timestamp", Long.toString(Instant.now()
                        .getEpochSecond()))
                .put("type", "text");
        message.putObject("text").put("body", text);
        return bytes(value);
    }

    private static byte[] whatsAppStatus(String account, String customer, String wamid, String tag) {
        ObjectNode value = whatsAppValue(account);
        ArrayNode statuses = value.putArray("statuses");
        for (String status : List.of("sent", "delivered")) {
            statuses.addObject().put("id", wamid).put("status", status)
                    .put("timestamp", Long.toString(Instant.now().getEpochSecond())).put("recipient_id", customer)
                    .put("biz_opaque_callback_data", tag);
        }
        return bytes(value);
    }

    private static ObjectNode whatsAppValue(String account) {
        ObjectNode value = JSON.createObjectNode().put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "15550000000").put("phone_number_id", account);
        return value;
    }

    private static byte[] bytes(ObjectNode value) {
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode change = root.putArray("entry").addObject().put("id", "0").putArray("changes").addObject();
        change.put("field", "messages");
        change.set("value", value);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] instagramText(String customer, String text) {
        return instagram(customer, IG_ACCOUNT, "mid.in" + UUID.randomUUID(), text, false);
    }

    private static byte[] instagramEcho(String account, String customer, String mid, String text) {
        return instagram(account, customer, mid, text, true);
    }

    private static byte[] instagram(String sender, String recipient, String mid, String text, boolean echo) {
        ObjectNode root = JSON.createObjectNode().put("object", "instagram");
        ObjectNode entry = root.putArray("entry").addObject().put("id", IG_ACCOUNT)
                .put("time", System.currentTimeMillis());
        ObjectNode item = entry.putArray("messaging").addObject();
        item.putObject("sender").put("id", sender);
        item.putObject("recipient").put("id", recipient);
        item.put("timestamp", System.currentTimeMillis());
        ObjectNode message = item.putObject("message").put("mid", mid).put("text", text);
        if (echo) {
            message.put("is_echo", true);
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String completion(String reply) {
        ObjectNode content = JSON.createObjectNode().put("reply", reply).put("confidence", 0.9);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content.toString());
        return root.toString();
    }

    // --- what the customer got, what PostgreSQL says ----------------------------------------------------------

    /** Sends the fake platform delivered to this customer: what the customer saw. */
    private static int delivered(String customer) {
        return (int) textSendEvents(customer).stream()
                .filter(event -> event.getStubMapping().getMetadata() != null
                        && event.getStubMapping().getMetadata().getBoolean(DELIVERED, false))
                .count();
    }

    private static int textSends(String customer) {
        return textSendEvents(customer).size();
    }

    private static long distinctTags(String customer) {
        return textSendEvents(customer).stream().map(event -> body(event).path("biz_opaque_callback_data").asText())
                .distinct().count();
    }

    private static List<ServeEvent> textSendEvents(String customer) {
        return graph.getAllServeEvents().stream().filter(event -> event.getStubMapping() != null)
                .filter(event -> {
                    JsonNode body = body(event);
                    return "text".equals(body.path("type").asText()) && customer.equals(body.path("to").asText())
                            || customer.equals(body.path("recipient").path("id").asText())
                                    && body.path("message").has("text");
                }).toList();
    }

    private static JsonNode body(ServeEvent event) {
        try {
            return JSON.readTree(event.getRequest().getBodyAsString());
        } catch (Exception notJson) {
            return JSON.createObjectNode();
        }
    }

    private static void awaitAnswered(String account, String customer, int messages) throws Exception {
        await(ANSWERED, () -> count("""
                SELECT count(*) FROM messages m JOIN social_accounts a ON a.id = m.account_id
                JOIN conversations cv ON cv.id = m.conversation_id JOIN contacts c ON c.id = cv.contact_id
                WHERE a.platform_account_id = ? AND c.platform_contact_id = ? AND m.direction = 'inbound'
                  AND m.status = 'answered'""", account, customer) == messages,
                messages + " answered messages of " + customer);
    }

    private static Map<String, Long> outbound(String account, String customer) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection db = RealServers.postgres().connect(); PreparedStatement query = db.prepareStatement("""
                SELECT CASE WHEN m.status_detail = 'human' THEN 'human' ELSE m.status END, count(*)
                FROM messages m JOIN social_accounts a ON a.id = m.account_id
                JOIN conversations cv ON cv.id = m.conversation_id JOIN contacts c ON c.id = cv.contact_id
                WHERE a.platform_account_id = ? AND c.platform_contact_id = ? AND m.direction = 'outbound'
                GROUP BY 1""")) {
            query.setString(1, account);
            query.setString(2, customer);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    private static Boolean paused(String account, String customer) throws Exception {
        try (Connection db = RealServers.postgres().connect(); PreparedStatement query = db.prepareStatement("""
                SELECT NOT cv.ai_enabled OR COALESCE(cv.ai_paused_until > now(), false)
                FROM conversations cv JOIN social_accounts a ON a.id = cv.account_id
                JOIN contacts c ON c.id = cv.contact_id
                WHERE a.platform_account_id = ? AND c.platform_contact_id = ?""")) {
            query.setString(1, account);
            query.setString(2, customer);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getBoolean(1) : null;
            }
        }
    }

    /** A second WhatsApp number of the run's tenant, as the accounts API would connect it. */
    private static void addAccount(String account, String token) throws Exception {
        execute("""
                INSERT INTO social_accounts (tenant_id, platform, platform_account_id, access_token)
                SELECT tenant_id, 'whatsapp', ?, ? FROM social_accounts WHERE platform_account_id = '%s'"""
                .formatted(ACCOUNT), account, token);
    }

    private static long count(String sql, String... parameters) {
        try (Connection db = RealServers.postgres().connect(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String sql, String... parameters) throws Exception {
        try (Connection db = RealServers.postgres().connect(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static ServiceProcess restart(ServiceProcess killed) {
        ServiceProcess.Launch old = killed.launch();
        ServiceProcess fresh = ServiceProcess.start(new ServiceProcess.Launch(StackLayout.RESPONDER + "-restart"
                + (++restarts), old.jar(), ServiceProcess.freePort(), old.env(), old.unset()),
                layout.logFolder("it-logs"));
        services.put(StackLayout.RESPONDER, fresh);
        return fresh;
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No " + what + " within " + timeout.toSeconds() + " s."
                + logTails(services.values(), 15));
    }
}
