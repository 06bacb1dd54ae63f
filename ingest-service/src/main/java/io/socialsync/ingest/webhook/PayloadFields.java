package io.socialsync.ingest.webhook;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Defensive reading of a platform's JSON (every adapter's). A delivery is verified, but its fields may still be missing, of the wrong kind or
 * absurd; whatever they hold, reading them must neither throw nor produce a value PostgreSQL would refuse (a NUL
 * character, a year 300000, an id too long for an index), because a refused insert would answer 5xx and the platform would
 * redeliver the same bytes forever.
 */
public final class PayloadFields {

    /** Longest platform id we accept; platforms' ids are well under 200 characters. */
    static final int MAX_ID_LENGTH = 512;
    /** Earliest credible send time (epoch seconds, 2010); anything outside is replaced by the time of receipt. */
    private static final long EARLIEST_SECONDS = 1_262_304_000L;
    private static final Duration CLOCK_TOLERANCE = Duration.ofDays(1);

    private PayloadFields() {
    }

    /** @throws MalformedPayloadException when the body is not a JSON object */
    public static JsonNode parse(ObjectMapper json, byte[] rawBody) {
        try {
            JsonNode root = json.readTree(rawBody);
            if (root == null || !root.isObject()) {
                throw new MalformedPayloadException("the body is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new MalformedPayloadException("the body is not valid JSON", e);
        }
    }

    /** An id (string or number) fit for a unique index, or null. */
    public static String id(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isIntegralNumber())) {
            return null;
        }
        String id = node.asText();
        if (id.isBlank() || id.length() > MAX_ID_LENGTH || id.indexOf('\u0000') >= 0) {
            return null;
        }
        return id;
    }

    /** Text fit for a PostgreSQL {@code text} column (no NUL), or null when absent or not a string. */
    public static String text(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.asText();
        return text.indexOf('\u0000') >= 0 ? text.replace("\u0000", "") : text;
    }

    /** A short label taken from the payload (a type name) for logs and {@code status_detail}: no NUL, 40 chars. */
    public static String label(String raw) {
        String clean = raw.replace("\u0000", "");
        return clean.length() > 40 ? clean.substring(0, 40) : clean;
    }

    /** Epoch seconds (number or numeric string) as an instant, or now when absent or not credible. */
    public static Instant epochSeconds(JsonNode node) {
        long seconds = node == null ? 0 : node.asLong(0);
        return credible(seconds) ? Instant.ofEpochSecond(seconds) : Instant.now();
    }

    /** Epoch milliseconds as an instant, or now when absent or not credible. */
    public static Instant epochMillis(JsonNode node) {
        long millis = node == null ? 0 : node.asLong(0);
        return credible(millis / 1000) ? Instant.ofEpochMilli(millis) : Instant.now();
    }

    private static boolean credible(long epochSeconds) {
        return epochSeconds >= EARLIEST_SECONDS
                && epochSeconds <= Instant.now().plus(CLOCK_TOLERANCE).getEpochSecond();
    }
}
