package io.socialsync.ingest.platform.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.socialsync.model.JsonCodec;
import io.socialsync.model.UnifiedMessage;

/**
 * The Telegram fixtures under {@code webhooks/telegram/}: one {@code Update} per file, written from the Bot API
 * documentation, and beside each {@code <name>.expected.json}, what it must become: the {@link UnifiedMessage} (with
 * the {@code status_detail} stored for the {@code starter} plan), an edit, an event, an echo, or ignored. The
 * customer's chat id {@value #FIXTURE_CHAT} is replaced per test run, so that reruns on a persistent database
 * never meet their own earlier rows.
 */
public final class TelegramFixtures {

    static final String FIXTURE_CHAT = "5550001111";
    static final String BOT = "7000000001";
    static final List<String> NAMES = List.of("text", "reply", "photo", "voice", "audio", "video", "video-note",
            "document", "sticker", "location", "venue", "contact", "unsupported-poll", "callback-query",
            "edited-message", "my-chat-member-kicked", "my-chat-member-restored", "group-message", "channel-post",
            "business-connection", "business-message", "business-message-owner", "edited-business-message");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TelegramFixtures() {
    }

    /** A fixture and its expectation, for one customer chat. */
    public record Fixture(String name, String body, JsonNode expected) {

        boolean isMessage() {
            return expected.has("unifiedMessage");
        }

        /** The expected message; {@code receivedAt} absent where the update carries no time (a button tap). */
        public UnifiedMessage unifiedMessage() {
            return JsonCodec.decode(expected.get("unifiedMessage").toString(), UnifiedMessage.class);
        }

        public String statusDetail() {
            return expected.path("statusDetail").isTextual() ? expected.get("statusDetail").asText() : null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static Fixture load(String name, String chat) {
        return new Fixture(name, read(name + ".json").replace(FIXTURE_CHAT, chat),
                tree(read(name + ".expected.json").replace(FIXTURE_CHAT, chat)));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String file) {
        try (InputStream in = TelegramFixtures.class.getResourceAsStream("/webhooks/telegram/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
