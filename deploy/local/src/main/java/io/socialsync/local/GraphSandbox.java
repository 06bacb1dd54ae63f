package io.socialsync.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the Graph API on loopback, so that the whole flow runs without a Meta account: it answers the calls
 * the responder makes (WhatsApp mark read with typing indicator and text sends; Instagram sender actions, text sends
 * and profile lookups) as the Graph API does, keeps every request for inspection, and prints each reply so that a
 * developer sees it in the launcher's console.
 * <p>
 * Like the platform, it reports what it delivered back to ingest, signed with the app's secret: a WhatsApp send gets
 * a {@code statuses} webhook ({@code sent}, then {@code delivered}) carrying the send's
 * {@code biz_opaque_callback_data} and the wamid it answered; an Instagram send gets its {@code is_echo}. Faults set
 * over {@code /sandbox/faults} ({@link SandboxFaults}) make it answer late, reset the connection, answer 500 after
 * delivering, refuse with 429, or stay silent afterwards, so that tests can prove what the customer receives.
 * <p>
 * It also plays the customer: {@code POST /sandbox/customer?from=<wa_id>[&platform=instagram]} turns a plain-text
 * body into a signed webhook delivery to ingest-service, which is the easiest way to talk to the local stack.
 */
public final class GraphSandbox implements AutoCloseable {

    /** One call that reached the fake Graph API. */
    public record Received(Instant at, String method, String path, String phoneNumberId, boolean bearerToken,
            JsonNode body) {

        /** A message send (WhatsApp {@code "type":"text"}, Instagram {@code message.text}), not a receipt. */
        public boolean isReply() {
            String type = body == null ? "" : body.path("type").asText();
            return body != null && ("text".equals(type) || "template".equals(type) || isWhatsAppMedia()
                    || isInstagramText() || isInstagramAttachment());
        }

        /**
         * The WhatsApp customer a send addresses: {@code to} (a phone number) wins over {@code recipient} (a
         * business-scoped user id, for customers whose number is withheld), as on the Cloud API.
         */
        String whatsappRecipient() {
            if (body.hasNonNull("to")) {
                return body.path("to").asText();
            }
            return body.path("recipient").isTextual() ? body.path("recipient").asText() : null;
        }

        /** An image or a document send ({@code type} and its object: {@code link} or an uploaded {@code id}). */
        boolean isWhatsAppMedia() {
            String type = body.path("type").asText();
            return ("image".equals(type) || "document".equals(type)) && body.path(type).isObject();
        }

        /** What the customer reads: a text's body, a template's name and its body parameters, or the media. */
        String whatsappText() {
            if (isWhatsAppMedia()) {
                JsonNode media = body.path(body.path("type").asText());
                return mediaLine(body.path("type").asText(), media.hasNonNull("link")
                        ? media.path("link").asText()
                        : "upload " + media.path("id").asText(), textOrNull(media.path("caption")));
            }
            if (!"template".equals(body.path("type").asText())) {
                return body.path("text").path("body").asText();
            }
            StringBuilder text = new StringBuilder("[template ").append(body.path("template").path("name").asText())
                    .append("]");
            for (JsonNode component : body.path("template").path("components")) {
                for (JsonNode parameter : component.path("parameters")) {
                    text.append(' ').append(parameter.path("text").asText());
                }
            }
            return text.toString();
        }

        public boolean isMarkRead() {
            return body != null && "read".equals(body.path("status").asText());
        }

        /** Instagram's send body: {@code recipient.id} and the message, where WhatsApp has {@code to}. */
        boolean isInstagramText() {
            return body != null && body.path("recipient").hasNonNull("id") && body.path("message").hasNonNull("text");
        }

        /** Instagram's image or file by URL: {@code message.attachment.{type, payload.url}}. */
        boolean isInstagramAttachment() {
            return body != null && body.path("recipient").hasNonNull("id")
                    && body.path("message").path("attachment").path("payload").hasNonNull("url");
        }

        boolean isInstagramSenderAction() {
            return body != null && body.path("recipient").hasNonNull("id") && body.hasNonNull("sender_action");
        }
    }

    /**
     * A message that reached the customer: what {@code GET /sandbox/delivered} lists. A send under a fault that
     * delivers (slow, reset, 500) is here although the caller never saw a success; a refused one (429) is not.
     *
     * @param tag the send's {@code biz_opaque_callback_data} (WhatsApp), or null
     */
    public record Delivered(Instant at, String platform, String accountId, String to, String text, String messageId,
            String tag, String fault) {
    }

    /** A request and, once decided, what became of it. */
    private static final class Exchange {

        final Received request;
        volatile Delivered delivered;
        volatile String outcome;

        Exchange(Received request) {
            this.request = request;
        }
    }

    private static final Pattern MESSAGES_PATH = Pattern.compile("^/graph/([^/]+)/messages/?$");
    /** {@code /telegram/bot<bot id>:<secret>/<method>}; the token may arrive percent-encoded. */
    private static final Pattern TELEGRAM_PATH = Pattern.compile("^/telegram/bot(\\d+)(?::|%3A)([^/]+)?/([A-Za-z]+)$");
    private static final Pattern PROFILE_PATH = Pattern.compile("^/graph/([^/]+)/?$");
    /** WhatsApp's media upload ({@code POST /{phone number id}/media}). */
    private static final Pattern MEDIA_UPLOAD_PATH = Pattern.compile("^/graph/([^/]+)/media/?$");
    /** Where an uploaded file is downloaded (the {@code url} of its lookup), with the account's token as on Meta. */
    private static final Pattern MEDIA_FILE_PATH = Pattern.compile("^/graph/media-files/([^/]+)$");
    /** {@code /telegram/file/bot<token>/<file path>}: a file as Telegram serves it after {@code getFile}. */
    private static final Pattern TELEGRAM_FILE_PATH = Pattern
            .compile("^/telegram/file/bot(\\d+)(?::|%3A)([^/]+)/(.+)$");
    /** What a bot may download through {@code getFile}: Telegram answers "file is too big" above it. */
    private static final long TELEGRAM_BOT_DOWNLOAD_BYTES = 20L * 1024 * 1024;
    private static final HttpClient LINKS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Attempts to hand a report to ingest, and the pause before each retry. */
    private static final List<Duration> REPORT_RETRIES = List.of(Duration.ofMillis(200), Duration.ofSeconds(1));

    private final HttpServer server;
    private final ExecutorService executor;
    /** One thread: the reports of one send reach ingest in order (sent before delivered). */
    private final ExecutorService reports;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();
    private final SandboxFaults faults = new SandboxFaults();
    private final PrintStream console;
    private volatile IngestWebhook ingest;
    private volatile IngestWebhook instagramIngest;
    private volatile String instagramAccountId;
    private volatile String accountId;
    private volatile String telegramIngest;
    private volatile String telegramBotId;
    private volatile String telegramSecret;
    private final AtomicLong telegramMessageIds = new AtomicLong(1_000);
    /** Files uploaded to the sandbox (WhatsApp media, Telegram sendPhoto/sendDocument), by their media or file id. */
    private final Map<String, SandboxFile> files = new ConcurrentHashMap<>();
    private final AtomicLong fileIds = new AtomicLong(1);

    /** A file the sandbox holds: what an upload answered with, and what getFile / the media lookup serve. */
    private record SandboxFile(String id, String path, String mimeType, String filename, byte[] bytes) {
    }

    private GraphSandbox(HttpServer server, ExecutorService executor, PrintStream console) {
        this.server = server;
        this.executor = executor;
        this.console = console;
        this.reports = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "graph-sandbox-reports");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Listens on 127.0.0.1 at {@code port} (0 picks a free one); replies are printed to {@code console}. */
    public static GraphSandbox start(int port, PrintStream console) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        // Several threads: the customer endpoint waits on ingest while the responder may be calling us, and a slow
        // fault holds its thread for the whole delay.
        ExecutorService executor = Executors.newFixedThreadPool(32, runnable -> {
            Thread thread = new Thread(runnable, "graph-sandbox");
            thread.setDaemon(true);
            return thread;
        });
        GraphSandbox sandbox = new GraphSandbox(server, executor, console);
        server.createContext("/graph/", sandbox::graph);
        server.createContext("/telegram/", sandbox::telegram);
        server.createContext("/sandbox/messages", sandbox::messages);
        server.createContext("/sandbox/customer", sandbox::customer);
        server.createContext("/sandbox/delivered", sandbox::deliveredList);
        server.createContext("/sandbox/faults", sandbox::faults);
        server.setExecutor(executor);
        server.start();
        return sandbox;
    }

    /**
     * Where {@code /sandbox/customer} posts its deliveries, and for which business number; WhatsApp statuses of
     * delivered sends go there too.
     */
    public void connectIngest(IngestWebhook ingest, String accountId) {
        this.ingest = ingest;
        this.accountId = accountId;
    }

    /**
     * Where the echoes of delivered Instagram sends go (ingest's Instagram webhook, signed with that secret), and
     * where {@code /sandbox/customer?platform=instagram} posts, to this account.
     */
    public void connectInstagram(IngestWebhook instagram, String accountId) {
        this.instagramIngest = instagram;
        this.instagramAccountId = accountId;
    }

    /**
     * Where {@code /sandbox/customer?platform=telegram} posts its updates: ingest's Telegram route for this bot, with
     * the webhook's secret token.
     */
    public void connectTelegram(String ingestBaseUrl, String botId, String secret) {
        this.telegramIngest = ingestBaseUrl;
        this.telegramBotId = botId;
        this.telegramSecret = secret;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Every request so far, oldest first. */
    public List<Received> received() {
        return exchanges.stream().map(exchange -> exchange.request).toList();
    }

    /** Every message that reached a customer so far, oldest first. */
    public List<Delivered> delivered() {
        return List.copyOf(delivered);
    }

    /**
     * Adds a fault, as {@code POST /sandbox/faults} does, for tests that run the sandbox in their own JVM.
     *
     * @param json e.g. {@code {"mode": "reset", "count": 2}} (deploy/local/README.md)
     * @return the fault's id
     * @throws IllegalArgumentException for a body the HTTP route would refuse with 400
     */
    public int addFault(String json) {
        try {
            return faults.add(JSON.readTree(json)).id();
        } catch (IOException notJson) {
            throw new IllegalArgumentException("not JSON: " + notJson.getMessage(), notJson);
        }
    }

    /** Removes every fault, as {@code DELETE /sandbox/faults} does. */
    public void clearFaults() {
        faults.clear();
    }

    /** Called, on the server's thread, for each request that reaches the fake Graph API. */
    public void onReceived(Consumer<Received> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        reports.shutdownNow();
    }

    private void graph(HttpExchange exchange) throws IOException {
        try (exchange) {
            String uriPath = exchange.getRequestURI().getPath();
            String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))
                    .orElse("");
            boolean bearer = authorization.startsWith("Bearer ") && authorization.length() > 7;
            Matcher file = MEDIA_FILE_PATH.matcher(uriPath);
            if ("GET".equals(exchange.getRequestMethod()) && file.matches()) {
                mediaFile(exchange, bearer, files.get(file.group(1)));
                return;
            }
            Matcher profile = PROFILE_PATH.matcher(uriPath);
            if ("GET".equals(exchange.getRequestMethod()) && profile.matches()) {
                SandboxFile uploaded = files.get(profile.group(1));
                if (uploaded != null) {
                    mediaLookup(exchange, bearer, uploaded);
                    return;
                }
                // Instagram's profile lookup (ingest names a new customer with it).
                String id = profile.group(1);
                sendJson(exchange, 200, JSON.createObjectNode().put("id", id).put("name", "Local Customer " + id)
                        .put("username", "customer_" + id));
                return;
            }
            Matcher upload = MEDIA_UPLOAD_PATH.matcher(uriPath);
            if ("POST".equals(exchange.getRequestMethod()) && upload.matches()) {
                mediaUpload(exchange, upload.group(1), bearer);
                return;
            }
            Matcher path = MESSAGES_PATH.matcher(uriPath);
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                sendGraphError(exchange, 400, "Unsupported request " + exchange.getRequestMethod() + " " + uriPath,
                        100);
                return;
            }
            JsonNode body = parse(exchange.getRequestBody());
            Received request = new Received(Instant.now(), "POST", uriPath, path.group(1), bearer, body);
            Exchange record = new Exchange(request);
            exchanges.add(record);
            listeners.forEach(listener -> listener.accept(request));
            if (!request.bearerToken()) {
                record.outcome = "unauthorized";
                sendGraphError(exchange, 401, "An access token is required to request this resource.", 190);
            } else if (request.isMarkRead()) {
                console.println("  (read + typing: " + body.path("message_id").asText() + ")");
                sendJson(exchange, 200, JSON.createObjectNode().put("success", true));
            } else if (request.isInstagramSenderAction()) {
                console.println("  (" + body.path("sender_action").asText() + ")");
                sendJson(exchange, 200, JSON.createObjectNode().put("recipient_id",
                        body.path("recipient").path("id").asText()));
            } else if (request.isInstagramText()) {
                send(exchange, record, "instagram", body.path("recipient").path("id").asText(),
                        body.path("message").path("text").asText(), null);
            } else if (request.isInstagramAttachment()) {
                JsonNode attachment = body.path("message").path("attachment");
                String url = attachment.path("payload").path("url").asText();
                if (unreachable(exchange, record, url)) {
                    return;
                }
                send(exchange, record, "instagram", body.path("recipient").path("id").asText(),
                        mediaLine(attachment.path("type").asText(), url, null), null);
            } else if (request.isReply() && request.whatsappRecipient() != null) {
                if (request.isWhatsAppMedia() && !mediaReadable(exchange, record, body)) {
                    return;
                }
                send(exchange, record, "whatsapp", request.whatsappRecipient(), request.whatsappText(),
                        textOrNull(body.path("biz_opaque_callback_data")));
            } else {
                sendGraphError(exchange, 400, "(#100) The sandbox understands text, template, image and document "
                        + "messages, media uploads, read receipts, sender actions and profiles only", 100);
            }
        }
    }

    /**
     * {@code POST /{phone number id}/media}, multipart {@code messaging_product}, {@code type}, {@code file}: kept, and
     * answered with its id as the Cloud API does.
     */
    private void mediaUpload(HttpExchange exchange, String phoneNumberId, boolean bearer) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        Optional<Map<String, SandboxMultipart.Part>> form = SandboxMultipart
                .parse(exchange.getRequestHeaders().getFirst("Content-Type"), raw);
        SandboxMultipart.Part file = form.map(parts -> parts.get("file")).orElse(null);
        JsonNode shown = form.map(GraphSandbox::shown).orElseGet(JSON::createObjectNode);
        Received request = new Received(Instant.now(), "POST", exchange.getRequestURI().getPath(), phoneNumberId,
                bearer, shown);
        Exchange record = new Exchange(request);
        exchanges.add(record);
        listeners.forEach(listener -> listener.accept(request));
        if (!bearer) {
            record.outcome = "unauthorized";
            sendGraphError(exchange, 401, "An access token is required to request this resource.", 190);
            return;
        }
        if (file == null || !"whatsapp".equals(shown.path("messaging_product").asText())
                || !shown.hasNonNull("type")) {
            record.outcome = "refused: not a media upload";
            sendGraphError(exchange, 400, "(#100) A media upload needs messaging_product=whatsapp, type and file",
                    100);
            return;
        }
        String id = String.valueOf(System.currentTimeMillis() * 1000 + fileIds.incrementAndGet() % 1000);
        files.put(id, new SandboxFile(id, null, shown.path("type").asText(), file.filename(), file.bytes()));
        record.outcome = "uploaded " + id;
        console.println("  (media uploaded: " + id + ", " + file.bytes().length + " bytes)");
        sendJson(exchange, 200, JSON.createObjectNode().put("id", id));
    }

    /** {@code GET /{media id}} of an upload: where to download it, as the Cloud API answers. */
    private void mediaLookup(HttpExchange exchange, boolean bearer, SandboxFile file) throws IOException {
        if (!bearer) {
            sendGraphError(exchange, 401, "An access token is required to request this resource.", 190);
            return;
        }
        sendJson(exchange, 200, JSON.createObjectNode().put("messaging_product", "whatsapp")
                .put("url", baseUrl() + "/graph/media-files/" + file.id()).put("mime_type", file.mimeType())
                .put("sha256", sha256(file.bytes())).put("file_size", file.bytes().length).put("id", file.id()));
    }

    private void mediaFile(HttpExchange exchange, boolean bearer, SandboxFile file) throws IOException {
        if (!bearer) {
            sendGraphError(exchange, 401, "An access token is required to request this resource.", 190);
        } else if (file == null) {
            sendGraphError(exchange, 404, "Media not found", 100);
        } else {
            exchange.getResponseHeaders().set("Content-Type", file.mimeType());
            send(exchange, 200, file.bytes());
        }
    }

    /** A WhatsApp image or document is sent only when its upload is known or its link can be fetched, as on Meta. */
    private boolean mediaReadable(HttpExchange exchange, Exchange record, JsonNode body) throws IOException {
        JsonNode media = body.path(body.path("type").asText());
        if (media.hasNonNull("link")) {
            return !unreachable(exchange, record, media.path("link").asText());
        }
        if (media.hasNonNull("id") && files.containsKey(media.path("id").asText())) {
            return true;
        }
        record.outcome = "refused: unknown media id";
        sendGraphError(exchange, 400, "(#131053) Media upload error: unknown media id", 131053);
        return false;
    }

    /** Fetches the link as the platform would; a link it cannot read refuses the send (answered here). */
    private boolean unreachable(HttpExchange exchange, Exchange record, String url) throws IOException {
        int status;
        try {
            status = LINKS.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
        }
        if (status == 200) {
            return false;
        }
        record.outcome = "refused: media link answered " + status;
        sendGraphError(exchange, 400, "(#131053) Media download error: the link answered " + status, 131053);
        return true;
    }

    /** How the console and the delivered list show a media message. */
    static String mediaLine(String type, String reference, String caption) {
        return "[" + type + " " + reference + "]" + (caption == null || caption.isBlank() ? "" : " " + caption);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * The Telegram Bot API ({@code /telegram/bot<token>/<method>}): {@code sendChatAction}, {@code sendMessage},
     * {@code sendPhoto} and {@code sendDocument} (multipart with the file: a message reaches the customer: listed,
     * printed), {@code getFile} and the file download ({@code /telegram/file/bot<token>/<file path>}) of the files it
     * holds, {@code getMe}, {@code setWebhook} and {@code answerCallbackQuery}. A token that is not
     * {@code <bot id>:<secret>} is answered 401, as Telegram does.
     */
    private void telegram(HttpExchange exchange) throws IOException {
        try (exchange) {
            String uriPath = exchange.getRequestURI().getPath();
            Matcher download = TELEGRAM_FILE_PATH.matcher(uriPath);
            if (download.matches()) {
                telegramFile(exchange, download.group(3));
                return;
            }
            Matcher path = TELEGRAM_PATH.matcher(uriPath);
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Optional<Map<String, SandboxMultipart.Part>> form = SandboxMultipart
                    .parse(exchange.getRequestHeaders().getFirst("Content-Type"), raw);
            JsonNode body = form.map(GraphSandbox::shown).orElseGet(() -> parse(new ByteArrayInputStream(raw)));
            boolean token = path.matches() && path.group(2) != null;
            Received request = new Received(Instant.now(), exchange.getRequestMethod(), uriPath,
                    path.matches() ? path.group(1) : null, token, body);
            Exchange record = new Exchange(request);
            exchanges.add(record);
            listeners.forEach(listener -> listener.accept(request));
            if (!token) {
                record.outcome = "unauthorized";
                sendJson(exchange, 401, JSON.createObjectNode().put("ok", false).put("error_code", 401)
                        .put("description", "Unauthorized"));
                return;
            }
            String chat = body == null ? "" : body.path("chat_id").asText();
            switch (path.group(3)) {
                case "sendChatAction" -> {
                    console.println("  (" + body.path("action").asText() + " in telegram chat " + chat + ")");
                    sendJson(exchange, 200, JSON.createObjectNode().put("ok", true).put("result", true));
                }
                case "sendMessage" -> {
                    ObjectNode result = telegramDelivered(record, path.group(1), chat, body.path("text").asText());
                    result.put("text", body.path("text").asText());
                    sendJson(exchange, 200, telegramOk(result));
                }
                case "sendPhoto", "sendDocument" -> {
                    boolean photo = path.group(3).equals("sendPhoto");
                    SandboxMultipart.Part file = form.map(parts -> parts.get(photo ? "photo" : "document"))
                            .filter(part -> part.filename() != null).orElse(null);
                    if (file == null || chat.isEmpty()) {
                        record.outcome = "refused: no file";
                        sendJson(exchange, 400, JSON.createObjectNode().put("ok", false).put("error_code", 400)
                                .put("description", "Bad Request: there is no " + (photo ? "photo" : "document")
                                        + " in the request"));
                        return;
                    }
                    SandboxFile kept = keepTelegramFile(photo ? "photos" : "documents", file);
                    String caption = textOrNull(body.path("caption"));
                    ObjectNode result = telegramDelivered(record, path.group(1), chat, mediaLine(photo
                            ? "photo"
                            : "document", kept.filename() + ", " + kept.bytes().length + " bytes", caption));
                    if (caption != null) {
                        result.put("caption", caption);
                    }
                    ObjectNode described = photo ? result.putArray("photo").addObject() : result.putObject("document");
                    described.put("file_id", kept.id()).put("file_unique_id", "u" + kept.id())
                            .put("file_size", kept.bytes().length);
                    if (!photo) {
                        described.put("file_name", kept.filename()).put("mime_type", kept.mimeType());
                    }
                    sendJson(exchange, 200, telegramOk(result));
                }
                case "getFile" -> {
                    String fileId = queryParameter(exchange.getRequestURI(), "file_id")
                            .orElse(body == null ? "" : body.path("file_id").asText());
                    SandboxFile kept = files.get(fileId);
                    if (kept == null || kept.path() == null || kept.bytes().length > TELEGRAM_BOT_DOWNLOAD_BYTES) {
                        sendJson(exchange, 400, JSON.createObjectNode().put("ok", false).put("error_code", 400)
                                .put("description", kept == null || kept.path() == null
                                        ? "Bad Request: invalid file_id"
                                        : "Bad Request: file is too big"));
                        return;
                    }
                    sendJson(exchange, 200, telegramOk(JSON.createObjectNode().put("file_id", kept.id())
                            .put("file_unique_id", "u" + kept.id()).put("file_size", kept.bytes().length)
                            .put("file_path", kept.path())));
                }
                case "getMe" -> {
                    ObjectNode answer = JSON.createObjectNode().put("ok", true);
                    answer.putObject("result").put("id", Long.parseLong(path.group(1))).put("is_bot", true)
                            .put("first_name", "Sandbox").put("username", "sandbox_" + path.group(1) + "_bot");
                    sendJson(exchange, 200, answer);
                }
                case "setWebhook", "answerCallbackQuery" ->
                    sendJson(exchange, 200, JSON.createObjectNode().put("ok", true).put("result", true));
                default -> sendJson(exchange, 404, JSON.createObjectNode().put("ok", false).put("error_code", 404)
                        .put("description", "Not Found: the sandbox plays sendMessage, sendPhoto, sendDocument, "
                                + "sendChatAction, getFile, getMe, setWebhook and answerCallbackQuery"));
            }
        }
    }

    /** A Telegram message reached the customer: listed, printed; the answer's {@code result} to fill in. */
    private ObjectNode telegramDelivered(Exchange record, String botId, String chat, String text) {
        long messageId = telegramMessageIds.incrementAndGet();
        Delivered message = new Delivered(Instant.now(), "telegram", botId, chat, text, chat + ":" + messageId, null,
                null);
        delivered.add(message);
        record.delivered = message;
        record.outcome = "delivered";
        console.println("reply to telegram chat " + chat + ": " + text);
        ObjectNode result = JSON.createObjectNode().put("message_id", messageId)
                .put("date", Instant.now().getEpochSecond());
        result.putObject("chat").put("id", chat).put("type", "private");
        return result;
    }

    private static ObjectNode telegramOk(ObjectNode result) {
        ObjectNode answer = JSON.createObjectNode().put("ok", true);
        answer.set("result", result);
        return answer;
    }

    /** Keeps a file sent to the bot, under a file id and a path {@code getFile} names, as Telegram does. */
    private SandboxFile keepTelegramFile(String folder, SandboxMultipart.Part file) {
        long number = fileIds.incrementAndGet();
        String id = "SBX" + number + "-" + UUID.randomUUID().toString().substring(0, 8);
        String name = file.filename() == null || file.filename().isBlank() ? "file_" + number : file.filename();
        SandboxFile kept = new SandboxFile(id, folder + "/file_" + number + extension(name), file.contentType(),
                name, file.bytes());
        files.put(id, kept);
        return kept;
    }

    /**
     * Holds a file as if a customer had sent it to a bot, so that {@code getFile} and the download serve it (tests and
     * the local stack build Telegram media updates with the answered file id).
     *
     * @return the file id
     */
    public String holdTelegramFile(String filename, String mimeType, byte[] bytes) {
        return keepTelegramFile("voice", new SandboxMultipart.Part("file", filename, mimeType, bytes)).id();
    }

    private void telegramFile(HttpExchange exchange, String filePath) throws IOException {
        Optional<SandboxFile> kept = files.values().stream().filter(file -> filePath.equals(file.path())).findFirst();
        if (kept.isEmpty()) {
            sendJson(exchange, 404, JSON.createObjectNode().put("ok", false).put("error_code", 404)
                    .put("description", "Not Found"));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", Optional.ofNullable(kept.get().mimeType())
                .orElse("application/octet-stream"));
        send(exchange, 200, kept.get().bytes());
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }

    /** A multipart form as the request log shows it: fields as text, files by name, type and size. */
    private static JsonNode shown(Map<String, SandboxMultipart.Part> parts) {
        ObjectNode shown = JSON.createObjectNode();
        parts.values().forEach(part -> {
            if (part.filename() == null) {
                shown.put(part.name(), part.text());
            } else {
                shown.putObject(part.name()).put("filename", part.filename()).put("contentType", part.contentType())
                        .put("size", part.bytes().length);
            }
        });
        return shown;
    }

    /**
     * A text send, under the fault it meets: delivered (listed, printed, reported back to ingest) unless the fault
     * refuses it, then answered as the fault says.
     */
    private void send(HttpExchange exchange, Exchange record, String platform, String to, String text, String tag)
            throws IOException {
        SandboxFaults.Decision fault = faults.next(platform);
        String faultName = fault.faultId() == null ? null : fault.mode().wire();
        if (!fault.mode().delivers()) {
            record.outcome = "refused: " + faultName;
            console.println("  (refused by fault " + faultName + ", not delivered to " + to + ")");
            sendGraphError(exchange, 429, "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                    131056);
            return;
        }
        String accountId = record.request.phoneNumberId();
        String messageId = platform.equals("whatsapp") ? WhatsAppTextDelivery.freshWamid() : freshMid();
        Delivered message = new Delivered(Instant.now(), platform, accountId, to, text, messageId, tag, faultName);
        delivered.add(message);
        record.delivered = message;
        record.outcome = faultName == null ? "delivered" : "delivered: " + faultName;
        console.println("reply to " + to + ": " + text + (faultName == null ? "" : "   [fault " + faultName + "]"));
        if (fault.webhooks()) {
            report(message);
        }
        switch (fault.mode()) {
            case SLOW -> {
                try {
                    Thread.sleep(fault.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                answerSend(exchange, platform, to, messageId);
            }
            // Closing the exchange before any response header closes the connection: the request was read, no
            // answer comes.
            case RESET -> exchange.close();
            case ERROR_500 -> sendGraphError(exchange, 500, "An unknown error occurred", 1);
            default -> answerSend(exchange, platform, to, messageId);
        }
    }

    private static void answerSend(HttpExchange exchange, String platform, String to, String messageId)
            throws IOException {
        if (platform.equals("instagram")) {
            sendJson(exchange, 200, JSON.createObjectNode().put("recipient_id", to).put("message_id", messageId));
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("messaging_product", "whatsapp");
        answer.putArray("contacts").addObject().put("input", to).put("wa_id", to);
        answer.putArray("messages").addObject().put("id", messageId);
        sendJson(exchange, 200, answer);
    }

    /** Posts the platform's report of a delivered message to ingest, off the request's thread, as Meta does. */
    private void report(Delivered message) {
        IngestWebhook target = message.platform().equals("whatsapp") ? ingest : instagramIngest;
        if (target == null) {
            return;
        }
        reports.execute(() -> {
            if (message.platform().equals("whatsapp")) {
                for (String status : List.of("sent", "delivered")) {
                    post(target, PlatformReports.whatsappStatus(message.accountId(), message.messageId(),
                            message.to(), status, message.tag(), Instant.now()), "status " + status);
                }
            } else {
                post(target, PlatformReports.instagramEcho(message.accountId(), message.to(), message.messageId(),
                        message.text(), Instant.now()), "echo");
            }
        });
    }

    /** Like Meta, tries again when ingest does not answer 2xx; gives up after a few attempts (printed). */
    private void post(IngestWebhook target, byte[] body, String what) {
        for (int attempt = 0; attempt <= REPORT_RETRIES.size(); attempt++) {
            try {
                if (attempt > 0) {
                    Thread.sleep(REPORT_RETRIES.get(attempt - 1).toMillis());
                }
                int status = target.post(body).statusCode();
                if (status / 100 == 2) {
                    return;
                }
                console.println("  (ingest answered " + status + " to a " + what + " report)");
            } catch (IOException e) {
                console.println("  (ingest did not take a " + what + " report: " + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void messages(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                sendText(exchange, 405, "GET only\n");
                return;
            }
            ArrayNode list = JSON.createArrayNode();
            for (Exchange record : exchanges) {
                Received request = record.request;
                ObjectNode entry = list.addObject().put("at", request.at().toString()).put("path", request.path())
                        .put("phoneNumberId", request.phoneNumberId()).put("bearerToken", request.bearerToken());
                entry.set("body", request.body());
                entry.put("delivered", record.delivered != null);
                if (record.delivered != null) {
                    entry.put("messageId", record.delivered.messageId());
                }
                if (record.outcome != null) {
                    entry.put("outcome", record.outcome);
                }
            }
            sendJson(exchange, 200, list);
        }
    }

    /** {@code GET /sandbox/delivered}: what the customers received, oldest first. */
    private void deliveredList(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                sendText(exchange, 405, "GET only\n");
                return;
            }
            ArrayNode list = JSON.createArrayNode();
            for (Delivered message : delivered) {
                ObjectNode entry = list.addObject().put("at", message.at().toString())
                        .put("platform", message.platform()).put("accountId", message.accountId())
                        .put("to", message.to()).put("text", message.text()).put("messageId", message.messageId());
                entry.put("tag", message.tag());
                entry.put("fault", message.fault());
            }
            sendJson(exchange, 200, list);
        }
    }

    /** {@code /sandbox/faults}: POST adds one (JSON, see {@link SandboxFaults#add}), GET lists, DELETE clears. */
    private void faults(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "POST" -> {
                    try {
                        sendJson(exchange, 201, faults.add(parse(exchange.getRequestBody())).json(JSON));
                    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                        sendText(exchange, 400, "Usage: POST /sandbox/faults {\"mode\": \"slow|reset|error_500|"
                                + "rate_limit|none\", \"count\": 1, \"duration\": \"30s\", \"delay\": \"15s\", "
                                + "\"webhooks\": true, \"platform\": \"whatsapp|instagram\"}: " + e.getMessage()
                                + "\n");
                    }
                }
                case "GET" -> sendJson(exchange, 200, faults.list(JSON));
                case "DELETE" -> {
                    faults.clear();
                    send(exchange, 204, new byte[0]);
                }
                default -> sendText(exchange, 405, "POST, GET or DELETE\n");
            }
        }
    }

    private void customer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<String> from = queryParameter(exchange.getRequestURI(), "from")
                    .filter(s -> s.matches("\\d{6,20}"));
            String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            String platform = queryParameter(exchange.getRequestURI(), "platform").orElse("whatsapp");
            boolean instagram = platform.equals("instagram");
            boolean telegram = platform.equals("telegram");
            if (!"POST".equals(exchange.getRequestMethod()) || from.isEmpty() || text.isEmpty()
                    || !instagram && !telegram && !platform.equals("whatsapp")) {
                sendText(exchange, 400,
                        "Usage: POST /sandbox/customer?from=<customer wa_id, IGSID or Telegram chat id, "
                                + "digits>[&platform=whatsapp|instagram|telegram] with the message text as the plain-text "
                                + "body\n");
                return;
            }
            if (telegram) {
                customerOnTelegram(exchange, from.get(), text);
                return;
            }
            IngestWebhook target = instagram ? instagramIngest : ingest;
            if (target == null || instagram && instagramAccountId == null) {
                sendText(exchange, 503, "ingest-service is not connected yet\n");
                return;
            }
            byte[] delivery = instagram
                    ? PlatformReports.instagramMessage(instagramAccountId, from.get(), freshMid(), text, Instant.now())
                    : WhatsAppTextDelivery.fresh(accountId, from.get(), text).body();
            try {
                HttpResponse<String> answer = target.post(delivery);
                exchange.getResponseHeaders().set("Content-Type",
                        answer.headers().firstValue("Content-Type").orElse("text/plain"));
                send(exchange, answer.statusCode(), answer.body().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                sendText(exchange, 502, "ingest-service at " + target.url() + " did not answer: " + e + "\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sendText(exchange, 503, "interrupted\n");
            }
        }
    }

    private void customerOnTelegram(HttpExchange exchange, String chat, String text) throws IOException {
        if (telegramIngest == null) {
            sendText(exchange, 503, "ingest-service is not connected yet\n");
            return;
        }
        try {
            HttpResponse<String> answer = TelegramTextUpdate.fresh(chat, text).post(telegramIngest, telegramBotId,
                    telegramSecret);
            exchange.getResponseHeaders().set("Content-Type",
                    answer.headers().firstValue("Content-Type").orElse("text/plain"));
            send(exchange, answer.statusCode(), answer.body().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            sendText(exchange, 502, "ingest-service at " + telegramIngest + " did not answer: " + e + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendText(exchange, 503, "interrupted\n");
        }
    }

    /** Real mids are base64 of an opaque value; a UUID keeps ours unique across runs against one database. */
    static String freshMid() {
        return "aWdfLOCAL" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static JsonNode parse(InputStream body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static Optional<String> queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** The Graph API's error envelope, so that the responder's error handling sees what it would in production. */
    private static void sendGraphError(HttpExchange exchange, int status, String message, int code)
            throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("message", message).put("type", "OAuthException").put("code", code)
                .put("fbtrace_id", UUID.randomUUID().toString());
        sendJson(exchange, status, error);
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, JSON.writeValueAsBytes(body));
    }

    private static void sendText(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
