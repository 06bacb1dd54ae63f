package io.socialsync.ingest.platform.telegram;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Telegram Bot API webhooks ({@code TELEGRAM_WEBHOOK_SECRET}, {@code TELEGRAM_ACCOUNT_ID},
 * {@code TELEGRAM_ACCESS_TOKEN}, mapped in {@code application.properties}; the Bot API base
 * {@code TELEGRAM_API_BASE_URL} is the {@code telegram-bot} REST client's URL).
 */
@ConfigMapping(prefix = "socialsync.telegram")
public interface TelegramConfig {

    /**
     * The {@code secret_token} given to {@code setWebhook}; Telegram sends it back in
     * {@code X-Telegram-Bot-Api-Secret-Token} with every update. Without it every delivery is refused.
     */
    Optional<String> webhookSecret();

    /** The bootstrap bot's id (the part of its token before {@code :}), upserted at start when set. */
    Optional<String> accountId();

    /** The bootstrap bot's token. */
    Optional<String> accessToken();
}
