package io.socialsync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.socialsync.model.HubSignature;

/**
 * The Graph API sandbox on its own, with a fake ingest that records what the sandbox posts back: the platform's
 * reports of delivered sends (signed like Meta's), and each fault mode seen from the caller and from the customer.
 */
class GraphSandboxTest {

    private static final String WHATSAPP_SECRET = "sandbox-test-secret";
    private static final String INSTAGRAM_SECRET = "sandbox-test-instagram-secret";
    private static final String PHONE_NUMBER_ID = "100000000000001";
    private static final String IG_ACCOUNT = "17841400000000009";
    private static final String TELEGRAM_BOT = "7000000009";
    private static final String TELEGRAM_SECRET = "sandbox-test-telegram-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private GraphSandbox sandbox;
    private HttpServer ingest;
    /** What reached the fake ingest: the route, the signature header and the body. */
    private final BlockingQueue<Posted> posted = new LinkedBlockingQueue<>();

    record Posted(String path, String signature, byte[] body) {

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    @BeforeEach
    void start() throws IOException {
        sandbox = GraphSandbox.start(0, new PrintStream(OutputStream.nullOutputStream()));
        ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ingest.createContext("/webhooks/", exchange -> {
            try (exchange) {
                String signature = exchange.getRequestHeaders().getFirst(HubSignature.HEADER);
                posted.add(new Posted(exchange.getRequestURI().getPath(), signature != null
                        ? signature
                        : exchange.getRequestHeaders().getFirst(TelegramTextUpdate.SECRET_HEADER),
                        exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        ingest.start();
        String ingestUrl = "http://127.0.0.1:" + ingest.getAddress().getPort();
        sandbox.connectIngest(new IngestWebhook(ingestUrl, "whatsapp", WHATSAPP_SECRET), PHONE_NUMBER_ID);
        sandbox.connectInstagram(new IngestWebhook(ingestUrl, "instagram", INSTAGRAM_SECRET), IG_ACCOUNT);
        sandbox.connectTelegram(ingestUrl, TELEGRAM_BOT, TELEGRAM_SECRET);
    }

    @AfterEach
    void stop() {
        sandbox.close();
        ingest.stop(0);
    }

    @Test
    void aWhatsAppSendIsAnsweredThenReportedSentAndDeliveredWithItsTagSignedByTheApp() throws Exception {
        String tag = UUID.randomUUID().toString();
        HttpResponse<String> answer = whatsappSend("491701234567", "Hello from the shop", tag, Duration.ofSeconds(5));
        assertEquals(200, answer.statusCode());
        String wamid = JSON.readTree(answer.body()).path("messages").path(0).path("id").asText();
        assertTrue(wamid.startsWith("wamid."), wamid);

        for (String status : List.of("sent", "delivered")) {
            Posted report = nextPost();
            assertEquals("/webhooks/whatsapp", report.path());
            assertEquals(HubSignature.sign(WHATSAPP_SECRET, report.body()), report.signature(), "signed by the app");
            JsonNode value = report.json().path("entry").path(0).path("changes").path(0).path("value");
            assertEquals(PHONE_NUMBER_ID, value.path("metadata").path("phone_number_id").asText());
            JsonNode entry = value.path("statuses").path(0);
            assertEquals(status, entry.path("status").asText());
            assertEquals(wamid, entry.path("id").asText());
            assertEquals(tag, entry.path("biz_opaque_callback_data").asText());
            assertEquals("491701234567", entry.path("recipient_id").asText());
        }
        List<GraphSandbox.Delivered> delivered = sandbox.delivered();
        assertEquals(1, delivered.size());
        assertEquals("Hello from the shop", delivered.get(0).text());
        assertEquals(wamid, delivered.get(0).messageId());
    }

    @Test
    void aCustomerWithoutANumberIsReachedByTheirBusinessScopedIdAndATemplateReadsAsItsParameters()
            throws Exception {
        String body = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\","
                + "\"recipient\":\"US.13491208655302741918\",\"type\":\"template\",\"template\":{"
                + "\"name\":\"reply_after_window\",\"language\":{\"code\":\"en_US\"},\"components\":[{"
                + "\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Your parcel left today.\"}]}]}}";
        HttpResponse<String> answer = post("/graph/" + PHONE_NUMBER_ID + "/messages", body, Duration.ofSeconds(5));
        assertEquals(200, answer.statusCode(), answer.body());
        List<GraphSandbox.Delivered> delivered = sandbox.delivered();
        assertEquals(1, delivered.size());
        assertEquals("US.13491208655302741918", delivered.get(0).to());
        assertEquals("[template reply_after_window] Your parcel left today.", delivered.get(0).text());
    }

    @Test
    void anInstagramSendIsAnsweredAndEchoedWithSenderAndRecipientSwapped() throws Exception {
        HttpResponse<String> answer = post("/graph/" + IG_ACCOUNT + "/messages",
                "{\"recipient\":{\"id\":\"1234567890123456\"},\"message\":{\"text\":\"Part one of our reply\"}}",
                Duration.ofSeconds(5));
        assertEquals(200, answer.statusCode());
        String mid = JSON.readTree(answer.body()).path("message_id").asText();
        assertFalse(mid.isEmpty());

        Posted echo = nextPost();
        assertEquals("/webhooks/instagram", echo.path());
        assertEquals(HubSignature.sign(INSTAGRAM_SECRET, echo.body()), echo.signature());
        JsonNode entry = echo.json().path("entry").path(0);
        assertEquals(IG_ACCOUNT, entry.path("id").asText());
        JsonNode event = entry.path("messaging").path(0);
        assertEquals(IG_ACCOUNT, event.path("sender").path("id").asText());
        assertEquals("1234567890123456", event.path("recipient").path("id").asText());
        assertTrue(event.path("message").path("is_echo").asBoolean());
        assertEquals(mid, event.path("message").path("mid").asText());
        assertEquals("Part one of our reply", event.path("message").path("text").asText());

        HttpResponse<String> typing = post("/graph/" + IG_ACCOUNT + "/messages",
                "{\"recipient\":{\"id\":\"1234567890123456\"},\"sender_action\":\"typing_on\"}", Duration.ofSeconds(5));
        assertEquals(200, typing.statusCode());
        assertEquals(1, sandbox.delivered().size(), "a sender action delivers nothing");
    }

    @Test
    void aSlowAnswerTimesTheCallerOutButTheMessageIsDeliveredAndReported() throws Exception {
        addFault("{\"mode\":\"slow\",\"delay\":\"2s\"}");
        assertThrows(HttpTimeoutException.class,
                () -> whatsappSend("491700000001", "Slow one", "tag-1", Duration.ofMillis(500)));
        assertEquals("sent", nextPost().json().findValue("status").asText(), "reported while the answer waits");
        assertEquals(1, sandbox.delivered().size());
        assertEquals("slow", sandbox.delivered().get(0).fault());
    }

    @Test
    void aResetAfterReadingTheRequestLeavesTheCallerWithoutAnswerButDelivers() throws Exception {
        addFault("{\"mode\":\"reset\"}");
        assertThrows(IOException.class, () -> whatsappSend("491700000002", "Reset one", null, Duration.ofSeconds(5)));
        assertEquals(1, sandbox.delivered().size());
        assertNull(nextPost().json().findValue("biz_opaque_callback_data"), "no tag sent, none reported");
    }

    @Test
    void a500AfterAcceptingDelivers() throws Exception {
        sandbox.addFault("{\"mode\":\"error_500\"}");
        HttpResponse<String> answer = whatsappSend("491700000003", "500 one", "tag-3", Duration.ofSeconds(5));
        assertEquals(500, answer.statusCode());
        assertEquals(1, JSON.readTree(answer.body()).path("error").path("code").asInt());
        assertEquals(1, sandbox.delivered().size());
        assertEquals("sent", nextPost().json().findValue("status").asText());
    }

    @Test
    void aRateLimitRefusalDeliversNothingAndReportsNothing() throws Exception {
        addFault("{\"mode\":\"rate_limit\",\"count\":2}");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> answer = whatsappSend("491700000004", "Refused", "tag-4", Duration.ofSeconds(5));
            assertEquals(429, answer.statusCode());
            assertEquals(131056, JSON.readTree(answer.body()).path("error").path("code").asInt());
        }
        assertEquals(0, sandbox.delivered().size());
        assertEquals(200, whatsappSend("491700000004", "Third time", "tag-4", Duration.ofSeconds(5)).statusCode(),
                "the fault was for 2 sends");
        assertEquals(1, sandbox.delivered().size());
        assertEquals("sent", nextPost().json().findValue("status").asText());
    }

    @Test
    void webhooksCanBeSuppressedForATimeSpanAlone() throws Exception {
        addFault("{\"mode\":\"none\",\"webhooks\":false,\"duration\":\"1h\"}");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, whatsappSend("491700000005", "Quiet " + i, "t", Duration.ofSeconds(5)).statusCode());
        }
        assertEquals(3, sandbox.delivered().size());
        assertNull(posted.poll(500, TimeUnit.MILLISECONDS), "no status posted back");
        JsonNode listed = JSON.readTree(get("/sandbox/faults").body());
        assertEquals(1, listed.size());
        assertFalse(listed.path(0).path("webhooks").asBoolean());

        assertEquals(204, delete("/sandbox/faults").statusCode());
        assertEquals(0, JSON.readTree(get("/sandbox/faults").body()).size());
        whatsappSend("491700000005", "Loud again", "t", Duration.ofSeconds(5));
        assertEquals("sent", nextPost().json().findValue("status").asText());
    }

    @Test
    void faultsApplyToSendsOnlyAndToTheirPlatform() throws Exception {
        addFault("{\"mode\":\"error_500\",\"platform\":\"instagram\"}");
        HttpResponse<String> read = post("/graph/" + PHONE_NUMBER_ID + "/messages",
                "{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"wamid.X\","
                        + "\"typing_indicator\":{\"type\":\"text\"}}",
                Duration.ofSeconds(5));
        assertEquals(200, read.statusCode());
        assertEquals(200, whatsappSend("491700000006", "WhatsApp is fine", null, Duration.ofSeconds(5)).statusCode());
        assertEquals(500, post("/graph/" + IG_ACCOUNT + "/messages",
                "{\"recipient\":{\"id\":\"42\"},\"message\":{\"text\":\"Instagram is not\"}}", Duration.ofSeconds(5))
                .statusCode());
    }

    @Test
    void theListsShowEveryRequestAndWhatTheCustomersReceived() throws Exception {
        addFault("{\"mode\":\"rate_limit\"}");
        whatsappSend("491700000007", "Refused", null, Duration.ofSeconds(5));
        whatsappSend("491700000007", "Received", null, Duration.ofSeconds(5));
        JsonNode requests = JSON.readTree(get("/sandbox/messages").body());
        assertEquals(2, requests.size());
        assertFalse(requests.path(0).path("delivered").asBoolean());
        assertTrue(requests.path(1).path("delivered").asBoolean());
        JsonNode delivered = JSON.readTree(get("/sandbox/delivered").body());
        assertEquals(1, delivered.size());
        assertEquals("Received", delivered.path(0).path("text").asText());
        assertEquals("491700000007", delivered.path(0).path("to").asText());
    }

    @Test
    void theCustomerEndpointPostsASignedInstagramMessage() throws Exception {
        assertEquals(200, customer("instagram", "1234567890123456", "Do you ship to Lisbon?").statusCode());
        Posted message = nextPost();
        assertEquals("/webhooks/instagram", message.path());
        assertEquals(HubSignature.sign(INSTAGRAM_SECRET, message.body()), message.signature());
        JsonNode event = message.json().path("entry").path(0).path("messaging").path(0);
        assertEquals("1234567890123456", event.path("sender").path("id").asText());
        assertEquals(IG_ACCOUNT, event.path("recipient").path("id").asText());
        assertEquals("Do you ship to Lisbon?", event.path("message").path("text").asText());
    }

    @Test
    void theCustomerEndpointPostsATelegramUpdateToTheBotsRouteWithTheSecretToken() throws Exception {
        HttpResponse<String> answer = customer("telegram", "5550001111", "Do you ship to Porto?");
        assertEquals(200, answer.statusCode(), answer.body());

        Posted update = nextPost();
        assertEquals("/webhooks/telegram/" + TELEGRAM_BOT, update.path());
        assertEquals(TELEGRAM_SECRET, update.signature(), "the webhook's secret token");
        JsonNode message = update.json().path("message");
        assertTrue(update.json().path("update_id").canConvertToLong());
        assertEquals(5550001111L, message.path("chat").path("id").asLong());
        assertEquals("private", message.path("chat").path("type").asText());
        assertEquals("Do you ship to Porto?", message.path("text").asText());
    }

    @Test
    void theBotApiShowsTypingTakesMessagesAndRefusesAMissingToken() throws Exception {
        String bot = "/telegram/bot" + TELEGRAM_BOT + ":test-token/";
        HttpResponse<String> typing = post(bot + "sendChatAction", "{\"chat_id\":\"5550001111\",\"action\":\"typing\"}",
                Duration.ofSeconds(5));
        assertEquals(200, typing.statusCode());
        assertTrue(JSON.readTree(typing.body()).path("result").asBoolean());

        HttpResponse<String> sent = post(bot + "sendMessage", "{\"chat_id\":\"5550001111\",\"text\":\"Yes, we do.\"}",
                Duration.ofSeconds(5));
        assertEquals(200, sent.statusCode());
        long messageId = JSON.readTree(sent.body()).path("result").path("message_id").asLong();
        assertTrue(messageId > 0);
        List<GraphSandbox.Delivered> delivered = sandbox.delivered();
        assertEquals(1, delivered.size());
        assertEquals("telegram", delivered.get(0).platform());
        assertEquals(TELEGRAM_BOT, delivered.get(0).accountId());
        assertEquals("5550001111", delivered.get(0).to());
        assertEquals("Yes, we do.", delivered.get(0).text());
        assertEquals("5550001111:" + messageId, delivered.get(0).messageId());

        HttpResponse<String> me = post(bot + "getMe", "", Duration.ofSeconds(5));
        assertEquals(Long.parseLong(TELEGRAM_BOT), JSON.readTree(me.body()).path("result").path("id").asLong());
        assertEquals(401, post("/telegram/bot" + TELEGRAM_BOT + "/sendMessage", "{}", Duration.ofSeconds(5))
                .statusCode());
    }

    @Test
    void aMalformedFaultIsRefused() throws Exception {
        assertEquals(400, post("/sandbox/faults", "{\"mode\":\"explode\"}", Duration.ofSeconds(5)).statusCode());
        assertEquals(400, post("/sandbox/faults", "not json", Duration.ofSeconds(5)).statusCode());
        assertEquals(400, post("/sandbox/faults", "{\"mode\":\"slow\",\"delay\":\"soon\"}", Duration.ofSeconds(5))
                .statusCode());
        assertThrows(IllegalArgumentException.class, () -> sandbox.addFault("{\"mode\":\"explode\"}"));
        assertThrows(IllegalArgumentException.class, () -> sandbox.addFault("{"));
    }

    /** Plays a customer of {@code platform} through {@code /sandbox/customer}. */
    private HttpResponse<String> customer(String platform, String from, String text) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/customer?platform="
                + platform + "&from=" + from)).POST(HttpRequest.BodyPublishers.ofString(text)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void addFault(String json) throws Exception {
        assertEquals(201, post("/sandbox/faults", json, Duration.ofSeconds(5)).statusCode());
    }

    @Test
    void aWhatsAppUploadIsKeptServedAndSentByItsIdAndAnUnknownIdOrDeadLinkIsRefused() throws Exception {
        byte[] photo = "not really a jpeg, but bytes".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> uploaded = multipart("/graph/" + PHONE_NUMBER_ID + "/media", List.of(
                new FormPart("messaging_product", null, null, "whatsapp".getBytes(StandardCharsets.UTF_8)),
                new FormPart("type", null, null, "image/jpeg".getBytes(StandardCharsets.UTF_8)),
                new FormPart("file", "photo.jpg", "image/jpeg", photo)));
        assertEquals(200, uploaded.statusCode(), uploaded.body());
        String id = JSON.readTree(uploaded.body()).path("id").asText();

        JsonNode lookup = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/graph/"
                + id)).header("Authorization", "Bearer test-token").GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("image/jpeg", lookup.path("mime_type").asText());
        assertEquals(photo.length, lookup.path("file_size").asInt());
        byte[] served = http.send(HttpRequest.newBuilder(URI.create(lookup.path("url").asText()))
                .header("Authorization", "Bearer test-token").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertEquals(new String(photo, StandardCharsets.UTF_8), new String(served, StandardCharsets.UTF_8));

        HttpResponse<String> sent = post("/graph/" + PHONE_NUMBER_ID + "/messages", "{\"messaging_product\":"
                + "\"whatsapp\",\"to\":\"491701234568\",\"type\":\"image\",\"image\":{\"id\":\"" + id
                + "\",\"caption\":\"Blue helmet\"}}", Duration.ofSeconds(5));
        assertEquals(200, sent.statusCode(), sent.body());
        assertEquals("[image upload " + id + "] Blue helmet", sandbox.delivered().get(0).text());

        HttpResponse<String> unknown = post("/graph/" + PHONE_NUMBER_ID + "/messages", "{\"messaging_product\":"
                + "\"whatsapp\",\"to\":\"491701234568\",\"type\":\"image\",\"image\":{\"id\":\"404\"}}",
                Duration.ofSeconds(5));
        assertEquals(400, unknown.statusCode());
        assertEquals(131053, JSON.readTree(unknown.body()).path("error").path("code").asInt());
        HttpResponse<String> deadLink = post("/graph/" + PHONE_NUMBER_ID + "/messages", "{\"messaging_product\":"
                + "\"whatsapp\",\"to\":\"491701234568\",\"type\":\"document\",\"document\":{\"link\":\""
                + sandbox.baseUrl() + "/graph/media-files/none\",\"filename\":\"a.pdf\"}}", Duration.ofSeconds(5));
        assertEquals(400, deadLink.statusCode());
        assertEquals(1, sandbox.delivered().size(), "neither refused send reached the customer");
    }

    @Test
    void aTelegramDocumentIsDeliveredAndItsFileServedThroughGetFileUpToTheBotsLimit() throws Exception {
        String token = TELEGRAM_BOT + ":token";
        byte[] pdf = "%PDF-1.4 manual".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> sent = multipart("/telegram/bot" + token + "/sendDocument", List.of(
                new FormPart("chat_id", null, null, "5550001111".getBytes(StandardCharsets.UTF_8)),
                new FormPart("caption", null, null, "Your manual".getBytes(StandardCharsets.UTF_8)),
                new FormPart("document", "manual.pdf", "application/pdf", pdf)));
        assertEquals(200, sent.statusCode(), sent.body());
        JsonNode result = JSON.readTree(sent.body()).path("result");
        assertEquals("[document manual.pdf, " + pdf.length + " bytes] Your manual", sandbox.delivered().get(0).text());
        String fileId = result.path("document").path("file_id").asText();

        JsonNode file = JSON.readTree(get("/telegram/bot" + token + "/getFile?file_id=" + fileId).body())
                .path("result");
        byte[] served = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/telegram/file/bot" + token
                + "/" + file.path("file_path").asText())).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
        assertEquals("%PDF-1.4 manual", new String(served, StandardCharsets.UTF_8));

        String tooBig = sandbox.holdTelegramFile("long.oga", "audio/ogg", new byte[21 * 1024 * 1024]);
        HttpResponse<String> refused = get("/telegram/bot" + token + "/getFile?file_id=" + tooBig);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("file is too big"), refused.body());
    }

    record FormPart(String name, String filename, String contentType, byte[] bytes) {
    }

    private HttpResponse<String> multipart(String path, List<FormPart> parts) throws Exception {
        String boundary = "sandbox-test-" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (FormPart part : parts) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.filename() == null ? "" : "; filename=\"" + part.filename() + "\"") + "\r\n"
                    + (part.contentType() == null ? "" : "Content-Type: " + part.contentType() + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(part.bytes());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer test-token")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> whatsappSend(String to, String text, String tag, Duration timeout)
            throws Exception {
        String body = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"" + to
                + "\",\"type\":\"text\",\"text\":{\"preview_url\":false,\"body\":\"" + text + "\"}"
                + (tag == null ? "" : ",\"biz_opaque_callback_data\":\"" + tag + "\"") + "}";
        return post("/graph/" + PHONE_NUMBER_ID + "/messages", body, timeout);
    }

    private HttpResponse<String> post(String path, String body, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(timeout)
                .header("Authorization", "Bearer test-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Posted nextPost() throws InterruptedException {
        Posted next = posted.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("nothing was posted back to ingest");
        }
        return next;
    }
}
