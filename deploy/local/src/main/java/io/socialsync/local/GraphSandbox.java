package io.socialsync.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the WhatsApp Graph API on loopback, so that the whole flow runs without a Meta account: it answers
 * the two calls the responder makes (mark read with typing indicator, send text) as the Graph API does, keeps every
 * request for inspection, and prints each reply so that a developer sees it in the launcher's console.
 * <p>
 * It also plays the customer: {@code POST /sandbox/customer?from=<wa_id>} turns a plain-text body into a signed
 * webhook delivery to ingest-service, which is the easiest way to talk to the local stack.
 */
public final class GraphSandbox implements AutoCloseable {

    /** One call that reached the fake Graph API. */
    public record Received(Instant at, String method, String path, String phoneNumberId, boolean bearerToken,
            JsonNode body) {

        /** A message send ({@code "type":"text"} at the top level), as opposed to a read receipt. */
        public boolean isReply() {
            return body != null && "text".equals(body.path("type").asText());
        }

        public boolean isMarkRead() {
            return body != null && "read".equals(body.path("status").asText());
        }
    }

    private static final Pattern MESSAGES_PATH = Pattern.compile("^/graph/([^/]+)/messages/?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();
    private final PrintStream console;
    private volatile IngestWebhook ingest;
    private volatile String accountId;

    private GraphSandbox(HttpServer server, ExecutorService executor, PrintStream console) {
        this.server = server;
        this.executor = executor;
        this.console = console;
    }

    /** Listens on 127.0.0.1 at {@code port} (0 picks a free one); replies are printed to {@code console}. */
    public static GraphSandbox start(int port, PrintStream console) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        // Several threads: the customer endpoint waits on ingest while the responder may be calling us.
        ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "graph-sandbox");
            thread.setDaemon(true);
            return thread;
        });
        GraphSandbox sandbox = new GraphSandbox(server, executor, console);
        server.createContext("/graph/", sandbox::graph);
        server.createContext("/sandbox/messages", sandbox::messages);
        server.createContext("/sandbox/customer", sandbox::customer);
        server.setExecutor(executor);
        server.start();
        return sandbox;
    }

    /** Where {@code /sandbox/customer} posts its deliveries, and for which business number. */
    public void connectIngest(IngestWebhook ingest, String accountId) {
        this.ingest = ingest;
        this.accountId = accountId;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Every request so far, oldest first. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Called, on the server's thread, for each request that reaches the fake Graph API. */
    public void onReceived(Consumer<Received> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void graph(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = MESSAGES_PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                sendGraphError(exchange, 400, "Unsupported request " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath(), 100);
                return;
            }
            String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))
                    .orElse("");
            JsonNode body = parse(exchange.getRequestBody());
            Received request = new Received(Instant.now(), "POST", exchange.getRequestURI().getPath(), path.group(1),
                    authorization.startsWith("Bearer ") && authorization.length() > 7, body);
            received.add(request);
            listeners.forEach(listener -> listener.accept(request));
            if (!request.bearerToken()) {
                sendGraphError(exchange, 401, "An access token is required to request this resource.", 190);
            } else if (request.isMarkRead()) {
                console.println("  (read + typing: " + body.path("message_id").asText() + ")");
                sendJson(exchange, 200, JSON.createObjectNode().put("success", true));
            } else if (request.isReply() && body.hasNonNull("to")) {
                String to = body.path("to").asText();
                console.println("reply to " + to + ": " + body.path("text").path("body").asText());
                ObjectNode answer = JSON.createObjectNode().put("messaging_product", "whatsapp");
                answer.putArray("contacts").addObject().put("input", to).put("wa_id", to);
                answer.putArray("messages").addObject().put("id", WhatsAppTextDelivery.freshWamid());
                sendJson(exchange, 200, answer);
            } else {
                sendGraphError(exchange, 400, "(#100) The sandbox understands text messages and read receipts only",
                        100);
            }
        }
    }

    private void messages(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                sendText(exchange, 405, "GET only\n");
                return;
            }
            com.fasterxml.jackson.databind.node.ArrayNode list = JSON.createArrayNode();
            for (Received request : received()) {
                list.addObject().put("at", request.at().toString()).put("path", request.path())
                        .put("phoneNumberId", request.phoneNumberId()).put("bearerToken", request.bearerToken())
                        .set("body", request.body());
            }
            sendJson(exchange, 200, list);
        }
    }

    private void customer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<String> from = queryParameter(exchange.getRequestURI(), "from")
                    .filter(s -> s.matches("\\d{6,20}"));
            String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!"POST".equals(exchange.getRequestMethod()) || from.isEmpty() || text.isEmpty()) {
                sendText(exchange, 400, "Usage: POST /sandbox/customer?from=<customer wa_id, digits> with the "
                        + "message text as the plain-text body\n");
                return;
            }
            IngestWebhook target = ingest;
            if (target == null) {
                sendText(exchange, 503, "ingest-service is not connected yet\n");
                return;
            }
            byte[] delivery = WhatsAppTextDelivery.fresh(accountId, from.get(), text).body();
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
