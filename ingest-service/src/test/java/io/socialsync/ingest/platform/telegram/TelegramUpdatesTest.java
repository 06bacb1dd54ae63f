package io.socialsync.ingest.platform.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.socialsync.ingest.webhook.ConversationEvent;
import io.socialsync.ingest.webhook.Echo;
import io.socialsync.ingest.webhook.ExtractedMessage;
import io.socialsync.ingest.webhook.MalformedPayloadException;
import io.socialsync.ingest.webhook.MessageEdit;
import io.socialsync.ingest.webhook.WebhookDelivery;
import io.socialsync.ingest.webhook.WebhookRequest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;

/** Every Telegram fixture read by the adapter alone: exactly the expected item, nothing else. */
class TelegramUpdatesTest {

    private static final String SECRET = "unit-telegram-secret";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TelegramWebhook adapter = new TelegramWebhook(new ObjectMapper(), config(), null, registry);

    static Stream<TelegramFixtures.Fixture> fixtures() {
        return TelegramFixtures.NAMES.stream().map(name -> TelegramFixtures.load(name, TelegramFixtures.FIXTURE_CHAT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eachUpdateBecomesItsExpectedItem(TelegramFixtures.Fixture fixture) {
        WebhookDelivery delivery = extract(fixture.body());
        var expected = fixture.expected();
        assertEquals(expected.has("unifiedMessage") ? 1 : 0, delivery.messages().size(), "messages");
        assertEquals(expected.has("edit") ? 1 : 0, delivery.edits().size(), "edits");
        assertEquals(expected.has("event") ? 1 : 0, delivery.events().size(), "events");
        assertEquals(expected.has("echo") ? 1 : 0, delivery.echoes().size(), "echoes");
        assertEquals(expected.path("ignored").asInt(0), delivery.skipped(), "ignored");
        assertTrue(delivery.statuses().isEmpty());
        if (fixture.isMessage()) {
            UnifiedMessage want = fixture.unifiedMessage();
            ExtractedMessage got = delivery.messages().get(0);
            UnifiedMessage normalised = new UnifiedMessage(null, Platform.TELEGRAM, got.accountId(), got.contactId(),
                    got.platformMessageId(), got.type(), got.text(), got.media(), got.replyToId(), 0,
                    want.receivedAt() == null ? null : got.sentAt(), want.planAllowed());
            assertEquals(want, normalised);
            String stored = fixture.statusDetail();
            // The stored detail is the plan's refusal, if any, then what the adapter said.
            assertTrue(got.detail() == null
                    ? stored == null || !stored.contains(";")
                    : stored.equals(got.detail()) || stored.endsWith("; " + got.detail()),
                    "adapter detail " + got.detail() + " within " + stored);
            assertTrue(got.opensBatch());
        }
        if (expected.has("edit")) {
            assertEquals(JsonCodec.decode(expected.get("edit").toString(), MessageEdit.class), delivery.edits().get(0));
        }
        if (expected.has("event")) {
            assertEquals(JsonCodec.decode(expected.get("event").toString(), ConversationEvent.class),
                    delivery.events().get(0));
        }
        if (expected.has("echo")) {
            assertEquals(JsonCodec.decode(expected.get("echo").toString(), Echo.class), delivery.echoes().get(0));
        }
    }

    @Test
    void groupsAndChannelsAreCountedByKind() {
        extract(TelegramFixtures.load("group-message", "1").body());
        extract(TelegramFixtures.load("channel-post", "1").body());
        assertEquals(1.0, registry.counter("socialsync.webhook.updates.ignored", "platform", "telegram", "reason",
                "group").count());
        assertEquals(1.0, registry.counter("socialsync.webhook.updates.ignored", "platform", "telegram", "reason",
                "channel_post").count());
    }

    @Test
    void theSecretHeaderMustMatchExactly() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertTrue(adapter.verify(request(Map.of("x-telegram-bot-api-secret-token", List.of(SECRET)), body)));
        assertFalse(adapter.verify(request(Map.of(TelegramSecretToken.HEADER, List.of(SECRET + "x")), body)));
        assertFalse(adapter.verify(request(Map.of(TelegramSecretToken.HEADER, List.of("")), body)));
        assertFalse(adapter.verify(request(Map.of(), body)));
        TelegramWebhook unconfigured = new TelegramWebhook(new ObjectMapper(), config(Optional.empty()), null,
                registry);
        assertFalse(unconfigured.verify(request(Map.of(TelegramSecretToken.HEADER, List.of("")), body)));
    }

    @Test
    void aBodyThatIsNoUpdateOrARouteWithoutABotIdIsMalformed() {
        assertThrows(MalformedPayloadException.class, () -> extract("{\"message\":{}}"));
        assertThrows(MalformedPayloadException.class, () -> extract("[1]"));
        assertThrows(MalformedPayloadException.class, () -> adapter.extract(new WebhookRequest(Map.of(), Map.of(),
                Optional.of("not-a-bot"), "{\"update_id\":1}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theBootstrapAccountIsTheConfiguredBot() {
        assertEquals(Optional.of(TelegramFixtures.BOT),
                adapter.environmentAccount().map(account -> account.accountId()));
        assertEquals(Platform.TELEGRAM, adapter.environmentAccount().orElseThrow().platform());
    }

    private WebhookDelivery extract(String body) {
        return adapter.extract(new WebhookRequest(Map.of(), Map.of(), Optional.of(TelegramFixtures.BOT),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static WebhookRequest request(Map<String, List<String>> headers, byte[] body) {
        return new WebhookRequest(headers, Map.of(), Optional.of(TelegramFixtures.BOT), body);
    }

    private static TelegramConfig config() {
        return config(Optional.of(SECRET));
    }

    private static TelegramConfig config(Optional<String> secret) {
        return new TelegramConfig() {
            @Override
            public Optional<String> webhookSecret() {
                return secret;
            }

            @Override
            public Optional<String> accountId() {
                return Optional.of(TelegramFixtures.BOT);
            }

            @Override
            public Optional<String> accessToken() {
                return Optional.of(TelegramFixtures.BOT + ":unit-token");
            }
        };
    }
}
