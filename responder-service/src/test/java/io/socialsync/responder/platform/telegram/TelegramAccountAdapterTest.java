package io.socialsync.responder.platform.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.responder.TelegramApiMock;
import io.socialsync.responder.platform.AccountAdapter.CredentialsCheck;
import io.socialsync.responder.platform.AccountAdapter.WebhookSubscription;
import io.socialsync.testsupport.RealServersResource;

/** Connecting a bot: {@code getMe} must be the bot being connected; {@code setWebhook} carries the secret. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TelegramApiMock.class, scope = TestResourceScope.GLOBAL)
class TelegramAccountAdapterTest {

    private static final Duration AWAIT = Duration.ofSeconds(20);

    @Inject
    TelegramAccountAdapter adapter;

    @Test
    void aBotsOwnTokenIsValidAndNamedByItsUsername() {
        String bot = freshBot();
        getMe(bot, 200, "{\"ok\":true,\"result\":{\"id\":" + bot + ",\"is_bot\":true,\"first_name\":\"Shop\","
                + "\"username\":\"shop_" + bot + "_bot\"}}");

        CredentialsCheck check = adapter.validateCredentials(bot, bot + ":secret").await().atMost(AWAIT);

        assertEquals(CredentialsCheck.Outcome.VALID, check.outcome());
        assertEquals("@shop_" + bot + "_bot", check.displayName());
    }

    @Test
    void anotherBotsTokenOrARefusedOneIsRejectedAnOutageCannotSay() {
        String bot = freshBot();
        assertEquals(CredentialsCheck.Outcome.REJECTED,
                adapter.validateCredentials(bot, "123:other-bot").await().atMost(AWAIT).outcome());
        getMe(bot, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
        assertEquals(CredentialsCheck.Outcome.REJECTED,
                adapter.validateCredentials(bot, bot + ":revoked").await().atMost(AWAIT).outcome());

        String down = freshBot();
        getMe(down, 502, "Bad Gateway");
        assertEquals(CredentialsCheck.Outcome.UNAVAILABLE,
                adapter.validateCredentials(down, down + ":any").await().atMost(AWAIT).outcome());
    }

    @Test
    void theWebhookIsRegisteredWithTheSecretTokenAndTheUpdatesIngestReads() {
        String bot = freshBot();
        TelegramApiMock.server().stubFor(post(urlPathMatching("/bot" + bot + "(:|%3A)[^/]+/setWebhook"))
                .willReturn(okJson("{\"ok\":true,\"result\":true,\"description\":\"Webhook was set\"}")));

        WebhookSubscription subscription = adapter.subscribeWebhooks(bot, Optional.empty(), bot + ":secret")
                .await().atMost(AWAIT);

        assertTrue(subscription.subscribed(), String.valueOf(subscription.detail()));
        JsonNode body = JsonCodec.decode(TelegramApiMock.server().findAll(postRequestedFor(
                urlPathMatching("/bot" + bot + "(:|%3A)[^/]+/setWebhook"))).get(0).getBodyAsString(), JsonNode.class);
        assertEquals("https://hooks.example.test/webhooks/telegram/" + bot, body.path("url").asText());
        assertEquals("test-telegram-secret", body.path("secret_token").asText());
        assertEquals(TelegramAccountAdapter.ALLOWED_UPDATES, JsonCodec.decode(body.path("allowed_updates").toString(),
                List.class));
    }

    private static void getMe(String bot, int status, String body) {
        TelegramApiMock.server().stubFor(post(urlPathMatching("/bot" + bot + "(:|%3A)[^/]+/getMe"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    private static String freshBot() {
        return String.valueOf(1_000_000_000L + (long) (Math.random() * 8_000_000_000L));
    }
}
