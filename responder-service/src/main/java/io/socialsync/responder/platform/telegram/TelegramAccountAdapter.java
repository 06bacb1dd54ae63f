package io.socialsync.responder.platform.telegram;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.platform.AccountAdapter;

/**
 * Connects a Telegram bot: {@code getMe} with the token (the bot must be the id being connected, the part of its
 * token before {@code :}), then {@code setWebhook} to {@code <TELEGRAM_WEBHOOK_BASE_URL>/webhooks/telegram/<bot id>}
 * with the secret token ingest checks and the update types ingest reads.
 */
@ApplicationScoped
public class TelegramAccountAdapter implements AccountAdapter {

    /** The update types ingest reads; Telegram sends no others. */
    static final List<String> ALLOWED_UPDATES = List.of("message", "edited_message", "callback_query",
            "my_chat_member", "business_connection", "business_message", "edited_business_message");

    private final TelegramBotApi api;
    private final TelegramConfig config;

    public TelegramAccountAdapter(@RestClient TelegramBotApi api, TelegramConfig config) {
        this.api = api;
        this.config = config;
    }

    @Override
    public Platform platform() {
        return Platform.TELEGRAM;
    }

    @Override
    public Uni<CredentialsCheck> validateCredentials(String botId, String token) {
        if (!token.startsWith(botId + ":")) {
            return Uni.createFrom().item(CredentialsCheck.rejected("the token is not the token of bot " + botId));
        }
        return api.getMe(token).map(answer -> {
            JsonNode me = answer.path("result");
            return botId.equals(me.path("id").asText()) && me.path("is_bot").asBoolean(false)
                    ? CredentialsCheck.valid(me.hasNonNull("username")
                            ? "@" + me.get("username").asText()
                            : me.path("first_name").asText(null))
                    : CredentialsCheck.rejected("the token belongs to another bot");
        }).onFailure().recoverWithItem(TelegramAccountAdapter::toCheck);
    }

    @Override
    public Uni<WebhookSubscription> subscribeWebhooks(String botId, Optional<String> businessAccountId,
            String token) {
        if (config.webhookBaseUrl().isEmpty() || config.webhookSecret().isEmpty()) {
            return Uni.createFrom().item(new WebhookSubscription(false, "set TELEGRAM_WEBHOOK_BASE_URL (ingest's "
                    + "public URL) and TELEGRAM_WEBHOOK_SECRET on the responder to register the bot's webhook"));
        }
        String url = config.webhookBaseUrl().get().replaceAll("/+$", "") + "/webhooks/telegram/" + botId;
        return api.setWebhook(token, new TelegramBotApi.SetWebhook(url, config.webhookSecret().get(), ALLOWED_UPDATES))
                .map(answer -> answer.path("result").asBoolean(false)
                        ? new WebhookSubscription(true, null)
                        : new WebhookSubscription(false, "Telegram did not confirm the webhook"))
                .onFailure().recoverWithItem(thrown -> new WebhookSubscription(false,
                        "setWebhook failed: " + TelegramErrors.toSendFailure(thrown).reason()));
    }

    /** 401 and 404 (Telegram's answer to an unknown token): rejected; anything else: cannot say now. */
    private static CredentialsCheck toCheck(Throwable thrown) {
        TelegramApiException refused = TelegramErrors.find(thrown, TelegramApiException.class);
        if (refused != null && (refused.httpStatus() == 401 || refused.httpStatus() == 404)) {
            return CredentialsCheck.rejected("Telegram rejected the token (" + refused.getMessage() + ")");
        }
        return CredentialsCheck.unavailable(refused != null
                ? "Telegram answered " + refused.getMessage()
                : "Telegram could not be reached");
    }
}
