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
import static io.socialsync.local.ItSupport.millisSince;
import static io.socialsync.local.ItSupport.randomDigits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.socialsync.testsupport.RealServers;
import io.socialsync.testsupport.RestartableRedis;

/**
 * Claiming under failure, over the packaged services as processes: ingest, batcher and two responders on one Redis
 * of this test's own (so that it may be stopped and restarted) and the real PostgreSQL; WireMock plays the Graph
 * API and the LLM. The LLM answers at once, except for messages containing {@code slowpoke}, which it answers after
 * {@value #SLOW_AI_MILLIS} ms. Short windows and leases (via environment) keep the suite quick.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClaimingResilienceIT {

    private static final int SLOW_AI_MILLIS = 2_000;
    /**
     * Longer than the responders' shutdown grace (3 s): a batch still waiting for it when SIGTERM comes is handed back.
     * Only the first call is this slow; asked again, the AI answers like {@code slowpoke}, within the 3 s lease of the
     * replica that took the batch over (a second 6 s answer would lose that lease too, and the outcome would depend
     * on when the sweeps run).
     */
    private static final int SLUGGISH_AI_MILLIS = 6_000;
    private static final String SLUGGARD_SCENARIO = "sluggard";
    private static final String SLUGGARD_ASKED = "asked once";
    private static final Duration READY = Duration.ofSeconds(90);
    private static final String SECRET = "claiming-it-secret";
    private static final String ACCOUNT = randomDigits("2", 15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static RestartableRedis redis;
    private static WireMockServer graph;
    private static WireMockServer llm;
    private static StackLayout layout;
    private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private static IngestWebhook webhook;
    private static int restarts;

    @BeforeAll
    static void startStack() {
        layout = StackLayout.locate();
        layout.requirePackaged(StackLayout.SERVICES);
        redis = RestartableRedis.start();
        graph = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(64));
        graph.start();
        graph.stubFor(post(urlPathMatching("/graph/[^/]+/messages"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("read")))
                .willReturn(okJson("{\"success\":true}")));
        graph.stubFor(post(urlPathMatching("/graph/[^/]+/messages"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":"
                        + "\"wamid.CL{{randomValue length=24 type='ALPHANUMERIC'}}\"}]}")
                        .withTransformers("response-template")));
        llm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(64)
                .asynchronousResponseEnabled(true));
        llm.start();
        // The agent's structured answer (a JSON object in the message content), confident: no escalation.
        String completion = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + "\"{\\\"reply\\\":\\\"Thanks, we are on it.\\\",\\\"confidence\\\":0.9}\"},"
                + "\"finish_reason\":\"stop\"}]}";
        llm.stubFor(post(urlPathMatching("/[ab]/v1/chat/completions")).atPriority(5).willReturn(okJson(completion)));
        llm.stubFor(post(urlPathMatching("/[ab]/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing("slowpoke"))
                .willReturn(okJson(completion).withFixedDelay(SLOW_AI_MILLIS)));
        llm.stubFor(post(urlPathMatching("/[ab]/v1/chat/completions")).atPriority(1)
                .inScenario(SLUGGARD_SCENARIO).whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo(SLUGGARD_ASKED)
                .withRequestBody(containing("sluggard"))
                .willReturn(okJson(completion).withFixedDelay(SLUGGISH_AI_MILLIS)));
        llm.stubFor(post(urlPathMatching("/[ab]/v1/chat/completions")).atPriority(1)
                .inScenario(SLUGGARD_SCENARIO).whenScenarioStateIs(SLUGGARD_ASKED)
                .withRequestBody(containing("sluggard"))
                .willReturn(okJson(completion).withFixedDelay(SLOW_AI_MILLIS)));

        RealServers.Postgres postgres = RealServers.postgres();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("QUARKUS_REDIS_HOSTS", redis.hosts());
        env.put("WHATSAPP_WEBHOOK_SECRET", SECRET);
        env.put("WHATSAPP_VERIFY_TOKEN", "claiming-it-verify");
        env.put("WHATSAPP_ACCOUNT_ID", ACCOUNT);
        env.put("WHATSAPP_ACCESS_TOKEN", "claiming-it-token");
        env.put("WHATSAPP_API_BASE_URL", "http://127.0.0.1:" + graph.port() + "/graph");
        // A tenant of this run's own, on a plan whose credits cover every reply here: reruns on a persistent
        // database neither share a balance nor run it dry.
        env.put("SOCIALSYNC_BOOTSTRAP_TENANT", "it-claiming-" + java.util.UUID.randomUUID());
        env.put("SOCIALSYNC_DEFAULT_PLAN", "pro");
        // 1000 conversations on one account in seconds measure claiming; the pro plan's 300 messages per minute would
        // hold most of them (that limit is OutboundLimiterTest's): here the plan's minute counts per second.
        env.put("SOCIALSYNC_OUTBOUND_ACCOUNT_WINDOW", "1s");
        env.put("SOCIALSYNC_BATCH_WINDOW", "500ms");
        env.put("SOCIALSYNC_BATCH_MAX_WAIT", "3s");
        env.put("SOCIALSYNC_CLAIM_LEASE", "3s");
        env.put("SOCIALSYNC_CLAIM_SWEEP_INTERVAL", "200ms");
        env.put("SOCIALSYNC_CLAIM_RETRY_BACKOFF", "200ms");
        env.put("SOCIALSYNC_CLAIM_SHUTDOWN_GRACE", "3s");
        env.put("SOCIALSYNC_RECONCILER_INTERVAL", "500ms");
        env.put("SOCIALSYNC_RECONCILER_GRACE", "2s");
        env.put("SOCIALSYNC_AI_TIMEOUT", "10s");
        env.put("SOCIALSYNC_AI_API_KEY", "sk-it");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("SOCIALSYNC_CRYPTO_KEYS", LocalSettings.DEFAULT_CRYPTO_KEYS);
        Set<String> unset = Set.of("SOCIALSYNC_AI_MODEL");

        start(StackLayout.INGEST, StackLayout.INGEST, env, unset);
        start(StackLayout.BATCHER, StackLayout.BATCHER, env, unset);
        for (String replica : List.of("a", "b")) {
            Map<String, String> own = new LinkedHashMap<>(env);
            own.put("SOCIALSYNC_AI_BASE_URL", "http://127.0.0.1:" + llm.port() + "/" + replica + "/v1");
            start("responder-" + replica, StackLayout.RESPONDER, own, unset);
        }
        services.values().forEach(service -> service.awaitReady(READY));
        webhook = new IngestWebhook(services.get(StackLayout.INGEST).baseUrl(), SECRET);
    }

    @AfterAll
    static void stopStack() {
        services.values().forEach(ServiceProcess::signalStop);
        services.values().forEach(service -> service.stop(Duration.ofSeconds(20)));
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
    @Order(1)
    void twoRespondersAnswerAThousandConversationsEachExactlyOnceWithItsWholeBurst() throws Exception {
        int conversations = 1_000;
        Map<String, List<String>> bursts = new LinkedHashMap<>();
        for (int i = 0; i < conversations; i++) {
            int size = 1 + ThreadLocalRandom.current().nextInt(5);
            List<String> texts = new ArrayList<>();
            for (int m = 0; m < size; m++) {
                texts.add("question " + m + " of burst " + i);
            }
            bursts.put(randomDigits("491", 13), texts);
        }
        long started = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> posted = new ArrayList<>();
            for (Map.Entry<String, List<String>> burst : bursts.entrySet()) {
                posted.add(senders.submit(() -> webhook.post(delivery(burst.getKey(), burst.getValue()))
                        .statusCode()));
            }
            for (Future<Integer> status : posted) {
                assertEquals(200, status.get());
            }
        } finally {
            senders.shutdown();
        }
        System.out.printf("[claiming] %d bursts (%d messages) delivered in %d ms%n", conversations,
                bursts.values().stream().mapToInt(List::size).sum(), millisSince(started));

        await(Duration.ofSeconds(120), () -> textRepliesByCustomer().keySet().containsAll(bursts.keySet()),
                "a reply to every one of " + conversations + " customers");
        System.out.printf("[claiming] all answered %d ms after the first delivery%n", millisSince(started));
        Thread.sleep(2_000);

        Map<String, Integer> replies = textRepliesByCustomer();
        Map<String, int[]> stored = storedByCustomer();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, List<String>> burst : bursts.entrySet()) {
            String customer = burst.getKey();
            int[] counts = stored.getOrDefault(customer, new int[4]);
            int size = burst.getValue().size();
            // inbound, inbound answered, outbound sent, distinct batch ids
            if (replies.getOrDefault(customer, 0) != 1 || counts[0] != size || counts[1] != size || counts[2] != 1
                    || counts[3] != 1) {
                wrong.add(customer + ": burst " + size + ", replies " + replies.get(customer) + ", stored "
                        + java.util.Arrays.toString(counts));
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " conversations wrong");
        Map<String, Long> perReplica = new HashMap<>();
        for (ServeEvent event : llm.getAllServeEvents()) {
            perReplica.merge(event.getRequest().getUrl().substring(1, 2), 1L, Long::sum);
        }
        System.out.printf("[claiming] AI calls per responder: %s%n", perReplica);
        assertTrue(perReplica.getOrDefault("a", 0L) > 0 && perReplica.getOrDefault("b", 0L) > 0,
                "both replicas shared the work: " + perReplica);
    }

    @Test
    @Order(2)
    void aReplyOvertakenByTheCustomersNextMessageIsNotSentAndOneReplyCoversBoth() throws Exception {
        String customer = randomDigits("492", 13);
        String first = "slowpoke first " + UUID.randomUUID();
        String second = "and a second thought " + UUID.randomUUID();
        assertEquals(200, webhook.post(delivery(customer, List.of(first))).statusCode());
        await(Duration.ofSeconds(15), () -> !aiCallsContaining(first).isEmpty(), "the AI asked about " + first);
        assertEquals(200, webhook.post(delivery(customer, List.of(second))).statusCode());

        await(Duration.ofSeconds(20), () -> textRepliesByCustomer().containsKey(customer), "a reply to " + customer);
        Thread.sleep(SLOW_AI_MILLIS + 1_000);
        assertEquals(1, textRepliesByCustomer().get(customer), "one reply, not one per message");
        List<String> calls = aiCallsContaining(first);
        assertEquals(2, calls.size(), "the stale reply was written, then written again with both messages");
        assertTrue(calls.stream().anyMatch(call -> call.contains(second)), "the second reply covers both messages");
        int[] counts = storedByCustomer().get(customer);
        assertEquals(2, counts[1], "both messages answered");
        assertEquals(1, counts[2], "one reply recorded");
        assertEquals(1, counts[3], "one batch id for both messages and the reply");
    }

    /** After the SIGKILL rounds (order 3), before Redis is taken away (order 4). */
    @Test
    @Order(3)
    void aResponderStoppedMidBatchFinishesWhatItCanAndHandsTheRestBack() throws Exception {
        // A batch whose AI answers within the shutdown grace is finished by the stopping replica.
        String customer = randomDigits("494", 13);
        String text = "slowpoke stop " + UUID.randomUUID();
        assertEquals(200, webhook.post(delivery(customer, List.of(text))).statusCode());
        await(Duration.ofSeconds(15), () -> !aiCallsContaining(text).isEmpty(), "the AI asked about " + text);
        ServiceProcess victim = services.get("responder-" + aiReplicaOf(text));
        victim.signalStop();
        victim.stop(Duration.ofSeconds(20));
        assertFalse(victim.isAlive(), "stopped within its grace");
        await(Duration.ofSeconds(15), () -> textRepliesByCustomer().containsKey(customer), "a reply to " + customer);
        assertEquals(1, aiCallsContaining(text).size(), "answered by the stopping replica, not asked again");
        assertEquals(1, textRepliesByCustomer().get(customer));
        restart(victim).awaitReady(READY);

        // A batch still waiting for the AI when the grace ends is handed back and answered once, by another replica.
        String slowCustomer = randomDigits("495", 13);
        String slowText = "sluggard stop " + UUID.randomUUID();
        assertEquals(200, webhook.post(delivery(slowCustomer, List.of(slowText))).statusCode());
        await(Duration.ofSeconds(15), () -> !aiCallsContaining(slowText).isEmpty(), "the AI asked about " + slowText);
        ServiceProcess slowVictim = services.get("responder-" + aiReplicaOf(slowText));
        long stoppedAt = System.nanoTime();
        slowVictim.signalStop();
        slowVictim.stop(Duration.ofSeconds(20));
        assertTrue(slowVictim.tail(400).stream().anyMatch(line -> line.contains("handed back")),
                "the stopping replica handed its batch back: " + slowVictim.tail(20));
        await(Duration.ofSeconds(30), () -> textRepliesByCustomer().containsKey(slowCustomer),
                "a reply to " + slowCustomer + " after its responder stopped");
        System.out.printf("[claiming] responder stopped mid-batch, batch handed back and answered %d ms later%n",
                millisSince(stoppedAt));
        Thread.sleep(1_000);
        assertEquals(1, textRepliesByCustomer().get(slowCustomer), "exactly one reply");
        assertEquals(1, storedByCustomer().get(slowCustomer)[2], "one reply recorded");
        restart(slowVictim).awaitReady(READY);
    }

    @Test
    @Order(3)
    void aResponderKilledMidBatchLeavesItToBeAnsweredExactlyOnceAfterTheLease() throws Exception {
        for (int round = 1; round <= 3; round++) {
            String customer = randomDigits("493", 13);
            String text = "slowpoke kill round " + round + " " + UUID.randomUUID();
            assertEquals(200, webhook.post(delivery(customer, List.of(text))).statusCode());
            await(Duration.ofSeconds(15), () -> !aiCallsContaining(text).isEmpty(), "the AI asked about " + text);
            String replica = aiReplicaOf(text);
            ServiceProcess victim = services.get("responder-" + replica);
            long killedAt = System.nanoTime();
            victim.kill();

            await(Duration.ofSeconds(30), () -> textRepliesByCustomer().containsKey(customer),
                    "a reply to " + customer + " after responder-" + replica + " was killed");
            System.out.printf("[claiming] round %d: responder-%s killed mid-batch, answered %d ms later%n", round,
                    replica, millisSince(killedAt));
            ServiceProcess restarted = restart(victim);
            Thread.sleep(1_000);
            assertEquals(1, textRepliesByCustomer().get(customer), "exactly one reply in round " + round);
            int[] counts = storedByCustomer().get(customer);
            assertEquals(1, counts[1], "answered");
            assertEquals(1, counts[2], "one reply recorded");
            restarted.awaitReady(READY);
        }
    }

    @Test
    @Order(4)
    void readinessReportsRedisDownAndEveryServiceRecoversByItself() throws Exception {
        redis.down();
        try {
            for (ServiceProcess service : services.values()) {
                await(Duration.ofSeconds(15), () -> readiness(service) == 503, service.name() + " not ready");
            }
        } finally {
            redis.up();
        }
        for (ServiceProcess service : services.values()) {
            await(Duration.ofSeconds(30), () -> readiness(service) == 200, service.name() + " ready again");
        }
        String customer = randomDigits("494", 13);
        assertEquals(200, webhook.post(delivery(customer, List.of("hello after the outage"))).statusCode());
        await(Duration.ofSeconds(30), () -> textRepliesByCustomer().containsKey(customer),
                "a reply after the outage (stream, window and claim loops recovered)");
    }

    @Test
    @Order(5)
    void aRedisRestartedWithoutItsDataLosesNoMessageTheReconcilerBringsEachToOneAnswer() throws Exception {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            customers.add(randomDigits("495", 13));
        }
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> posted = new ArrayList<>();
            for (String customer : customers) {
                posted.add(senders.submit(() -> webhook.post(delivery(customer, List.of("pending " + customer,
                        "still pending"))).statusCode()));
            }
            for (Future<Integer> status : posted) {
                assertEquals(200, status.get());
            }
        } finally {
            senders.shutdown();
        }
        // The windows (500 ms) are open: every message is stored, windowed, and not yet answered.
        redis.down();
        long answeredBefore = customers.stream().filter(textRepliesByCustomer()::containsKey).count();
        redis.up();
        System.out.printf("[claiming] Redis restarted empty with %d of %d conversations already answered%n",
                answeredBefore, customers.size());

        await(Duration.ofSeconds(60), () -> textRepliesByCustomer().keySet().containsAll(customers),
                "every stored message answered after the Redis restart");
        Thread.sleep(3_000);
        Map<String, Integer> replies = textRepliesByCustomer();
        Map<String, int[]> stored = storedByCustomer();
        for (String customer : customers) {
            assertEquals(1, replies.get(customer), "one reply to " + customer);
            assertEquals(2, stored.get(customer)[1], "both messages of " + customer + " answered");
            assertEquals(1, stored.get(customer)[2], "one reply recorded for " + customer);
        }
    }

    private static void start(String name, String service, Map<String, String> env, Set<String> unset) {
        services.put(name, ServiceProcess.start(new ServiceProcess.Launch(name, layout.jar(service),
                ServiceProcess.freePort(), env, unset), layout.logFolder("it-logs")));
    }

    private static ServiceProcess restart(ServiceProcess killed) {
        String key = services.entrySet().stream().filter(e -> e.getValue() == killed).findFirst().orElseThrow()
                .getKey();
        ServiceProcess.Launch old = killed.launch();
        ServiceProcess fresh = ServiceProcess.start(new ServiceProcess.Launch(key + "-restart" + (++restarts),
                old.jar(), ServiceProcess.freePort(), old.env(), old.unset()), layout.logFolder("it-logs"));
        services.put(key, fresh);
        return fresh;
    }

    /** One webhook delivery carrying the customer's whole burst, as WhatsApp batches messages sent together. */
    private static byte[] delivery(String customer, List<String> texts) {
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode change = root.putArray("entry").addObject().put("id", "0").putArray("changes").addObject();
        change.put("field", "messages");
        ObjectNode value = change.putObject("value").put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "15550000000").put("phone_number_id", ACCOUNT);
        ObjectNode contact = value.putArray("contacts").addObject();
        contact.putObject("profile").put("name", "IT " + customer);
        contact.put("wa_id", customer);
        ArrayNode messages = value.putArray("messages");
        long now = Instant.now().getEpochSecond();
        for (String text : texts) {
            ObjectNode message = messages.addObject().put("from", customer).put("id", WhatsAppTextDelivery.freshWamid())
                    .put("timestamp", Long.toString(now)).put("type", "text");
            message.putObject("text").put("body", text);
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Integer> textRepliesByCustomer() {
        Map<String, Integer> replies = new HashMap<>();
        for (ServeEvent event : graph.getAllServeEvents()) {
            String path = event.getRequest().getUrl();
            if (!path.startsWith("/graph/" + ACCOUNT + "/")) {
                continue;
            }
            try {
                JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
                if ("text".equals(body.path("type").asText())) {
                    replies.merge(body.path("to").asText(), 1, Integer::sum);
                }
            } catch (java.io.IOException notJson) {
                // not ours
            }
        }
        return replies;
    }

    private static List<String> aiCallsContaining(String text) {
        return llm.getAllServeEvents().stream().map(event -> event.getRequest().getBodyAsString())
                .filter(body -> body.contains(text)).toList();
    }

    private static String aiReplicaOf(String text) {
        return llm.getAllServeEvents().stream().filter(event -> event.getRequest().getBodyAsString().contains(text))
                .map(event -> event.getRequest().getUrl().substring(1, 2)).findFirst().orElseThrow();
    }

    /** Per customer of this run's account: inbound, inbound answered, outbound sent, distinct batch ids. */
    private static Map<String, int[]> storedByCustomer() throws Exception {
        RealServers.Postgres pg = RealServers.postgres();
        Map<String, int[]> counts = new HashMap<>();
        try (Connection db = pg.connect();
                PreparedStatement query = db.prepareStatement("""
                        SELECT c.platform_contact_id,
                               count(*) FILTER (WHERE m.direction = 'inbound'),
                               count(*) FILTER (WHERE m.direction = 'inbound' AND m.status = 'answered'),
                               count(*) FILTER (WHERE m.direction = 'outbound' AND m.status = 'sent'),
                               count(DISTINCT m.batch_id) FILTER (WHERE m.status IN ('answered', 'sent'))
                        FROM messages m
                        JOIN social_accounts a ON a.id = m.account_id
                        JOIN conversations cv ON cv.id = m.conversation_id
                        JOIN contacts c ON c.id = cv.contact_id
                        WHERE a.platform = 'whatsapp' AND a.platform_account_id = ?
                        GROUP BY c.platform_contact_id""")) {
            query.setString(1, ACCOUNT);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1),
                            new int[]{rows.getInt(2), rows.getInt(3), rows.getInt(4), rows.getInt(5)});
                }
            }
        }
        return counts;
    }

    private static int readiness(ServiceProcess service) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
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
                + logTails(services.values(), 12));
    }
}
