package io.socialsync.responder.platform.telegram;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How replies go out on the Telegram Bot API and how bots are connected ({@code socialsync.telegram.*}; the Bot API
 * base {@code TELEGRAM_API_BASE_URL} is the {@code telegram-bot} REST client's URL).
 */
@ConfigMapping(prefix = "socialsync.telegram")
public interface TelegramConfig {

    /** Longest text of one message (Bot API: 1-4 096 characters); longer replies are split on sentence boundaries. */
    @WithDefault("4096")
    int maxPartChars();

    /** Longest caption of a photo or a document (Bot API: 1 024 characters); a longer one follows as a text. */
    @WithDefault("1024")
    int maxCaptionChars();

    /** Least time between two messages to one chat (Telegram allows about one per second). */
    @WithDefault("1s")
    Duration recipientSpacing();

    /** How often the typing action is sent again while a reply is prepared (Telegram shows it for about 5 s). */
    @WithDefault("4s")
    Duration typingRefresh();

    /** Longest the typing action is kept up without a reply (the reply budget). */
    @WithDefault("30s")
    Duration typingAtMost();

    /**
     * Longest {@code retry_after} of a 429 waited for in place before the same message is tried again; a longer one
     * fails the part as not sent and retryable, and the batch waits on the retry path.
     */
    @WithDefault("5s")
    Duration retryAfterAtMost();

    /**
     * The {@code secret_token} given to {@code setWebhook} when a bot is connected ({@code TELEGRAM_WEBHOOK_SECRET},
     * the same value ingest checks).
     */
    Optional<String> webhookSecret();

    /**
     * Public base URL of ingest-service ({@code TELEGRAM_WEBHOOK_BASE_URL}, e.g. {@code https://hooks.example.com});
     * a connected bot's webhook is {@code <base>/webhooks/telegram/<bot id>}. Unset: the webhook is not registered.
     */
    Optional<String> webhookBaseUrl();
}
