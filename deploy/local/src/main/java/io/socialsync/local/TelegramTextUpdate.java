package io.socialsync.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One customer text in a private chat as the Telegram Bot API delivers it to a webhook ({@code Update} with a
 * {@code message}), and how it is posted: to {@code /webhooks/telegram/{bot id}} with the webhook's secret token in
 * {@code X-Telegram-Bot-Api-Secret-Token}.
 */
public record TelegramTextUpdate(long updateId, String chatId, String firstName, long messageId, String text,
        Instant sentAt) {

    public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A new message in the customer's chat, sent now. */
    public static TelegramTextUpdate fresh(String chatId, String text) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new TelegramTextUpdate(random.nextLong(1, Integer.MAX_VALUE), chatId, "Local Customer",
                random.nextLong(1, Integer.MAX_VALUE), text, Instant.now());
    }

    /** The platform message id ingest stores it under: {@code <chat id>:<message id>}. */
    public String messageKey() {
        return chatId + ":" + messageId;
    }

    public byte[] body() {
        ObjectNode root = JSON.createObjectNode().put("update_id", updateId);
        ObjectNode message = root.putObject("message").put("message_id", messageId);
        message.putObject("from").put("id", Long.parseLong(chatId)).put("is_bot", false).put("first_name", firstName);
        message.putObject("chat").put("id", Long.parseLong(chatId)).put("first_name", firstName).put("type", "private");
        message.put("date", sentAt.getEpochSecond()).put("text", text);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    /** Posts this update to ingest with {@code secret} as the secret token (none when null). */
    public HttpResponse<String> post(String ingestBaseUrl, String botId, String secret)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingestBaseUrl + "/webhooks/telegram/" + botId))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body()));
        if (secret != null) {
            request.header(SECRET_HEADER, secret);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
