package io.socialsync.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.socialsync.local.ItSupport.logTails;
import static io.socialsync.local.ItSupport.randomDigits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import io.socialsync.local.OtlpReceiver.ReceivedSpan;
import io.socialsync.model.HubSignature;
import io.socialsync.testsupport.RealServers;

/**
 * Observability of the packaged services, from the outside, with tracing switched on and an OpenAI-compatible AI
 * (WireMock, like the Graph API): one connected trace per answered message across the three services (an OTLP
 * receiver in this JVM); every metric the alert rules and the dashboard query is exposed; and no log line of the run
 * carries a message's text, a phone number, a token or a secret, while the lines carry their fields (JSON, MDC).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final String ACCOUNT = randomDigits("1", 15);
    private static final String SECRET = "it-obs-app-secret-" + randomDigits("", 8);
    private static final String VERIFY_TOKEN = "it-obs-verify-" + randomDigits("", 8);
    private static final String ACCESS_TOKEN = "it-obs-access-token-" + randomDigits("", 8);
    private static final String AI_KEY = "sk-it-obs-" + randomDigits("", 12);
    private static final String OPERATOR_KEY = "it-obs-operator-" + randomDigits("", 8);
    private static final String PSEUDONYM_KEY = "it-obs-pseudonym-" + randomDigits("", 8);
    private static final String TENANT = "it-obs-" + randomDigits("", 10);

    private static final String ANSWERED = randomDigits("49", 13);
    private static final String FAILING = randomDigits("49", 13);
    private static final String QUESTION = "Do you ship the folding bike to Lisbon " + randomDigits("", 6) + "?";
    private static final String FAIL_MARKER = "QZFAILAI";
    private static final String DOOMED = "Please call me back " + FAIL_MARKER + " " + randomDigits("", 6);
    private static final String AI_REPLY = "Yes, folding bikes reach Lisbon in three days " + randomDigits("", 6) + ".";

    private static WireMockServer peers;
    private static OtlpReceiver otlp;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static IngestWebhook webhook;

    @BeforeAll
    static void startStack() throws Exception {
        StackLayout layout = StackLayout.locate();
        layout.requirePackaged(StackLayout.SERVICES);
        otlp = OtlpReceiver.start();
        peers = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        peers.start();
        peers.stubFor(post(urlPathMatching("/graph/[^/]+/messages"))
                .withRequestBody(matchingJsonPath("$.status", equalTo("read")))
                .willReturn(okJson("{\"success\":true}")));
        peers.stubFor(post(urlPathMatching("/graph/[^/]+/messages"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.OBS"
                        + "{{randomValue length=24 type='ALPHANUMERIC'}}\"}]}").withTransformers("response-template")));
        String content = JSON.writeValueAsString(Map.of("reply", AI_REPLY, "confidence", 0.9, "needs_human", false));
        peers.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(5)
                .willReturn(okJson(JSON.writeValueAsString(Map.of(
                        "choices", List.of(Map.of("message", Map.of("role", "assistant", "content", content))),
                        "usage", Map.of("prompt_tokens", 321, "completion_tokens", 17))))));
        peers.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing(FAIL_MARKER))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}")));

        Map<String, String> env = new LinkedHashMap<>(RealServers.environment());
        env.put("WHATSAPP_WEBHOOK_SECRET", SECRET);
        env.put("WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN);
        env.put("WHATSAPP_ACCOUNT_ID", ACCOUNT);
        env.put("WHATSAPP_ACCESS_TOKEN", ACCESS_TOKEN);
        env.put("WHATSAPP_API_BASE_URL", "http://127.0.0.1:" + peers.port() + "/graph");
        env.put("SOCIALSYNC_BOOTSTRAP_TENANT", TENANT);
        env.put("SOCIALSYNC_BATCH_WINDOW", "300ms");
        env.put("SOCIALSYNC_ADMIN_API_KEY", OPERATOR_KEY);
        env.put("SOCIALSYNC_CRYPTO_KEYS", LocalSettings.DEFAULT_CRYPTO_KEYS);
        env.put("SOCIALSYNC_AI_BASE_URL", "http://127.0.0.1:" + peers.port() + "/v1");
        env.put("SOCIALSYNC_AI_API_KEY", AI_KEY);
        env.put("SOCIALSYNC_AI_MODEL", "it-model");
        env.put("SOCIALSYNC_LOG_PSEUDONYM_KEY", PSEUDONYM_KEY);
        // One attempt: the batch whose AI call fails goes to the dead letter at once.
        env.put("SOCIALSYNC_CLAIM_MAX_ATTEMPTS", "1");
        // Tracing on, exported to the receiver in this JVM, quickly.
        env.put("QUARKUS_OTEL_SDK_DISABLED", "false");
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", otlp.endpoint());
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        // JSON lines, as in production (the profile's default; the other suites read plain text).
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        Set<String> unset = Set.of("INSTAGRAM_ACCOUNT_ID", "TELEGRAM_ACCOUNT_ID");
        Path logs = layout.logFolder("it-logs/observability");
        for (String name : StackLayout.SERVICES) {
            services.add(ServiceProcess.start(
                    new ServiceProcess.Launch(name, layout.jar(name), ServiceProcess.freePort(), env, unset), logs));
        }
        for (ServiceProcess service : services) {
            service.awaitReady(READY);
        }
        webhook = new IngestWebhook(services.get(0).baseUrl(), SECRET);
    }

    @AfterAll
    static void stopStack() {
        services.forEach(ServiceProcess::signalStop);
        services.forEach(service -> service.stop(Duration.ofSeconds(20)));
        if (peers != null) {
            peers.stop();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    @Order(1)
    void anAnsweredMessageIsOneTraceAcrossTheThreeServices() throws Exception {
        assertEquals(200, webhook.post(WhatsAppTextDelivery.fresh(ACCOUNT, ANSWERED, QUESTION).body()).statusCode());
        await(() -> !sends(ANSWERED).isEmpty(), "the reply to the customer");

        await(() -> answeredTrace().isPresent(), "one trace from the webhook to the send");
        List<ReceivedSpan> trace = answeredTrace().orElseThrow();
        Map<String, ReceivedSpan> byName = trace.stream()
                .collect(Collectors.toMap(ReceivedSpan::name, span -> span, (first, second) -> first));
        ReceivedSpan enqueued = byName.get("store and enqueue");
        ReceivedSpan window = byName.get("window");
        ReceivedSpan batch = byName.get("reply batch");
        assertEquals("ingest-service", enqueued.service());
        assertEquals("batcher-service", window.service());
        assertEquals("responder-service", batch.service());
        assertEquals(enqueued.spanId(), window.parentSpanId(), "the window continues ingest's span");
        assertEquals(window.spanId(), batch.parentSpanId(), "the batch continues the message's trace");
        assertTrue(batch.linkedSpanIds().contains(window.spanId()), "and links every message: " + batch);
        assertEquals(batch.spanId(), byName.get("claim").parentSpanId());
        assertTrue(trace.stream().anyMatch(span -> span.service().equals("ingest-service")
                && span.spanId().equals(enqueued.parentSpanId())), "the webhook request's span: " + trace);
        for (String name : List.of("ai reply", "send part")) {
            assertEquals("responder-service", byName.get(name).service(), name);
        }
    }

    @Test
    @Order(2)
    void aForgedDeliveryAndAFailingAiCallAreCountedAndDeadLettered() throws Exception {
        byte[] forged = WhatsAppTextDelivery.fresh(ACCOUNT, FAILING, "forged " + FAIL_MARKER).body();
        assertEquals(401, webhook.postWithSignature(forged, HubSignature.sign("not-the-secret", forged))
                .statusCode());
        assertEquals(200, webhook.post(WhatsAppTextDelivery.fresh(ACCOUNT, FAILING, DOOMED).body()).statusCode());

        await(() -> metric(services.get(2), "socialsync_batches_dead_total") >= 1, "the dead letter");
        assertTrue(metric(services.get(2), "socialsync_conversations_failed_total") >= 1);
        assertTrue(metric(services.get(2), "socialsync_ai_calls_seconds_count{outcome=\"error\"") >= 1);
        assertTrue(
                metric(services.get(0), "socialsync_webhooks_total{outcome=\"rejected\",platform=\"whatsapp\"") >= 1);
    }

    @Test
    @Order(3)
    void everyMetricThatARuleOrAPanelQueriesIsExposed() throws Exception {
        Path observability = StackLayout.locate().root().resolve("deploy/observability");
        Set<String> queried = new TreeSet<>();
        for (String file : List.of("socialsync-rules.yml", "grafana-dashboard.json")) {
            Matcher names = Pattern.compile("\\bsocialsync_[a-z0-9_]+")
                    .matcher(Files.readString(observability.resolve(file)));
            while (names.find()) {
                queried.add(names.group());
            }
        }
        Set<String> exposed = new TreeSet<>();
        for (ServiceProcess service : services) {
            scrape(service).lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(exposed::add);
        }
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exposed);
        // A histogram named by itself (an alert's text) is exposed as its _bucket, _count, _sum and _max series.
        missing.removeIf(name -> exposed.contains(name + "_bucket") && exposed.contains(name + "_count"));
        assertTrue(queried.size() > 15, "the rules and the dashboard query the services: " + queried);
        assertTrue(missing.isEmpty(), "queried but exposed by no service: " + missing);
    }

    @Test
    @Order(4)
    void noLogLineCarriesATextANumberATokenOrASecretAndTheLinesCarryTheirFields() throws Exception {
        List<String> forbidden = List.of(ANSWERED, FAILING, QUESTION, DOOMED, AI_REPLY, SECRET, VERIFY_TOKEN,
                ACCESS_TOKEN, AI_KEY, OPERATOR_KEY, PSEUDONYM_KEY, LocalSettings.DEFAULT_CRYPTO_KEYS);
        Map<String, List<JsonNode>> lines = new LinkedHashMap<>();
        for (ServiceProcess service : services) {
            List<JsonNode> parsed = new ArrayList<>();
            for (String line : Files.readAllLines(service.log(), StandardCharsets.UTF_8)) {
                for (String secret : forbidden) {
                    assertTrue(!line.contains(secret), service.name() + " logged a secret, a number or a text: "
                            + line);
                }
                if (line.startsWith("{")) {
                    parsed.add(JSON.readTree(line));
                }
            }
            lines.put(service.name(), parsed);
        }

        JsonNode delivery = lines.get("ingest-service").stream()
                .filter(line -> line.path("message").asText().startsWith("webhook platform=whatsapp outcome=accepted"))
                .findFirst().orElseThrow(() -> new AssertionError("no delivery line" + logTails(services, 20)));
        assertEquals("whatsapp", delivery.path("mdc").path("platform").asText(), delivery.toString());
        assertEquals("accepted", delivery.path("mdc").path("outcome").asText());
        assertTrue(delivery.path("mdc").path("duration_ms").asText().matches("\\d+"), delivery.toString());

        String pseudonym = pseudonym(ANSWERED);
        JsonNode conversation = lines.get("responder-service").stream()
                .filter(line -> line.path("message").asText().startsWith("conversation platform=whatsapp"))
                .filter(line -> pseudonym.equals(line.path("mdc").path("contact").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no conversation line for the contact's pseudonym "
                        + pseudonym + logTails(services, 20)));
        JsonNode fields = conversation.path("mdc");
        assertEquals(ACCOUNT, fields.path("account").asText(), conversation.toString());
        assertEquals("answered", fields.path("outcome").asText());
        assertTrue(fields.path("batch_id").asText().matches("[0-9a-f-]{36}"), conversation.toString());
        assertTrue(fields.path("duration_ms").asText().matches("\\d+"));
        assertTrue(fields.path("traceId").asText().matches("[0-9a-f]{32}"), "the trace id: " + conversation);
    }

    /** The spans of the first trace that holds every step of an answered message, if one arrived. */
    private static Optional<List<ReceivedSpan>> answeredTrace() {
        Map<String, List<ReceivedSpan>> traces = otlp.spans().stream()
                .collect(Collectors.groupingBy(ReceivedSpan::traceId));
        Set<String> steps = Set.of("store and enqueue", "window", "reply batch", "claim", "ai reply", "send part");
        return traces.values().stream()
                .filter(spans -> spans.stream().map(ReceivedSpan::name).collect(Collectors.toSet()).containsAll(steps))
                .findFirst();
    }

    private static List<?> sends(String customer) {
        return peers.findAll(postRequestedFor(urlPathEqualTo("/graph/" + ACCOUNT + "/messages"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("text")))
                .withRequestBody(matchingJsonPath("$.to", equalTo(customer))));
    }

    private static String scrape(ServiceProcess service) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        return metrics.body();
    }

    /** The sum of the samples whose line starts with {@code prefix} (a name, or a name and its first labels). */
    private static double metric(ServiceProcess service, String prefix) {
        try {
            return scrape(service).lines().filter(line -> line.startsWith(prefix))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pseudonym(String contact) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PSEUDONYM_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(contact.getBytes(StandardCharsets.UTF_8)), 0, 8);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No " + what + " within " + WAIT.toSeconds() + " s. Spans: "
                        + otlp.spans().stream().map(span -> span.service() + ":" + span.name() + ":" + span.traceId())
                                .toList()
                        + logTails(services, 20));
            }
            Thread.sleep(100);
        }
    }
}
