package io.socialsync.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime-contract values the local stack hands to the services. Each comes from the launcher's environment
 * when set (an operator may point the stack at a real WhatsApp number) and otherwise from a local default that
 * only works with the sandbox.
 */
public record LocalSettings(String webhookSecret, String verifyToken, String accountId, String accessToken,
        String apiBaseUrl, String batchWindow, String batchMaxWait, String operatorKey, String cryptoKeys,
        Instagram instagram, Telegram telegram, Map<String, String> fromUser) {

    /** The Instagram professional account the stack also answers for, through the sandbox by default. */
    public record Instagram(String webhookSecret, String verifyToken, String accountId, String accessToken,
            String apiBaseUrl) {
    }

    /** The Telegram bot the stack also answers for, through the sandbox's Bot API by default. */
    public record Telegram(String webhookSecret, String accountId, String accessToken, String apiBaseUrl) {
    }

    public static final String DEFAULT_TELEGRAM_SECRET = "local-telegram-secret";
    public static final String DEFAULT_TELEGRAM_BOT_ID = "7000000001";
    public static final String DEFAULT_SECRET = "local-app-secret";
    public static final String DEFAULT_VERIFY_TOKEN = "local-verify-token";
    public static final String DEFAULT_ACCOUNT_ID = "100000000000001";
    public static final String DEFAULT_ACCESS_TOKEN = "local-access-token";
    public static final String DEFAULT_INSTAGRAM_SECRET = "local-instagram-secret";
    public static final String DEFAULT_INSTAGRAM_ACCOUNT_ID = "17841400000000001";
    /** The admin API's operator key on a developer's machine; production has no default (DESIGN §7). */
    public static final String DEFAULT_OPERATOR_KEY = "local-operator-key";
    /**
     * The key that seals access tokens on a developer's machine (the services run in the prod profile, which refuses
     * to start without one); public, so it protects nothing: production sets its own (README, configuration).
     */
    public static final String DEFAULT_CRYPTO_KEYS = "local:bG9jYWwtc3RhY2stdG9rZW4ta2V5LW5vdC1zZWNyZXQ=";

    /** Resolves every value; the Graph API defaults to the sandbox at {@code sandboxBaseUrl}. */
    public static LocalSettings resolve(Map<String, String> env, String sandboxBaseUrl) {
        Map<String, String> fromUser = new LinkedHashMap<>();
        java.util.function.BiFunction<String, String, String> pick = (name, fallback) -> {
            Optional<String> set = Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
            set.ifPresent(value -> fromUser.put(name, value));
            return set.orElse(fallback);
        };
        return new LocalSettings(
                pick.apply("WHATSAPP_WEBHOOK_SECRET", DEFAULT_SECRET),
                pick.apply("WHATSAPP_VERIFY_TOKEN", DEFAULT_VERIFY_TOKEN),
                pick.apply("WHATSAPP_ACCOUNT_ID", DEFAULT_ACCOUNT_ID),
                pick.apply("WHATSAPP_ACCESS_TOKEN", DEFAULT_ACCESS_TOKEN),
                pick.apply("WHATSAPP_API_BASE_URL", sandboxBaseUrl + "/graph"),
                pick.apply("SOCIALSYNC_BATCH_WINDOW", "2s"),
                pick.apply("SOCIALSYNC_BATCH_MAX_WAIT", "10s"),
                pick.apply("SOCIALSYNC_ADMIN_API_KEY", DEFAULT_OPERATOR_KEY),
                pick.apply("SOCIALSYNC_CRYPTO_KEYS", DEFAULT_CRYPTO_KEYS),
                new Instagram(pick.apply("INSTAGRAM_WEBHOOK_SECRET", DEFAULT_INSTAGRAM_SECRET),
                        pick.apply("INSTAGRAM_VERIFY_TOKEN", DEFAULT_VERIFY_TOKEN),
                        pick.apply("INSTAGRAM_ACCOUNT_ID", DEFAULT_INSTAGRAM_ACCOUNT_ID),
                        pick.apply("INSTAGRAM_ACCESS_TOKEN", DEFAULT_ACCESS_TOKEN),
                        pick.apply("INSTAGRAM_API_BASE_URL", sandboxBaseUrl + "/graph")),
                new Telegram(pick.apply("TELEGRAM_WEBHOOK_SECRET", DEFAULT_TELEGRAM_SECRET),
                        pick.apply("TELEGRAM_ACCOUNT_ID", DEFAULT_TELEGRAM_BOT_ID),
                        pick.apply("TELEGRAM_ACCESS_TOKEN", DEFAULT_TELEGRAM_BOT_ID + ":local-telegram-token"),
                        pick.apply("TELEGRAM_API_BASE_URL", sandboxBaseUrl + "/telegram")),
                Map.copyOf(fromUser));
    }

    /** Whether a value came from the user's environment rather than from a local default. */
    public boolean userSet(String name) {
        return fromUser.containsKey(name);
    }

    /** Environment variables for every service (PostgreSQL and Redis are added by the caller). */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WHATSAPP_WEBHOOK_SECRET", webhookSecret);
        env.put("WHATSAPP_VERIFY_TOKEN", verifyToken);
        env.put("WHATSAPP_ACCOUNT_ID", accountId);
        env.put("WHATSAPP_ACCESS_TOKEN", accessToken);
        env.put("WHATSAPP_API_BASE_URL", apiBaseUrl);
        env.put("SOCIALSYNC_BATCH_WINDOW", batchWindow);
        env.put("SOCIALSYNC_BATCH_MAX_WAIT", batchMaxWait);
        env.put("SOCIALSYNC_ADMIN_API_KEY", operatorKey);
        env.put("SOCIALSYNC_CRYPTO_KEYS", cryptoKeys);
        env.put("INSTAGRAM_WEBHOOK_SECRET", instagram.webhookSecret());
        env.put("INSTAGRAM_VERIFY_TOKEN", instagram.verifyToken());
        env.put("INSTAGRAM_ACCOUNT_ID", instagram.accountId());
        env.put("INSTAGRAM_ACCESS_TOKEN", instagram.accessToken());
        env.put("INSTAGRAM_API_BASE_URL", instagram.apiBaseUrl());
        env.put("TELEGRAM_WEBHOOK_SECRET", telegram.webhookSecret());
        env.put("TELEGRAM_ACCOUNT_ID", telegram.accountId());
        env.put("TELEGRAM_ACCESS_TOKEN", telegram.accessToken());
        env.put("TELEGRAM_API_BASE_URL", telegram.apiBaseUrl());
        // One sandbox account plays every customer: its plan's messages per minute are allowed per second, so bursts
        // in demos and end-to-end tests are not held by the outbound limit meant for one real business.
        env.put("SOCIALSYNC_OUTBOUND_ACCOUNT_WINDOW", "1s");
        // The console is reached over plain HTTP here: a Secure cookie would not come back.
        env.put("SOCIALSYNC_CONSOLE_SECURE_COOKIE", "false");
        // Contacts in the logs are keyed pseudonyms; a local key keeps them joinable across restarts here.
        env.put("SOCIALSYNC_LOG_PSEUDONYM_KEY", System.getenv().getOrDefault("SOCIALSYNC_LOG_PSEUDONYM_KEY",
                "local-pseudonym-key"));
        return env;
    }

    /** The batching window as a duration, for reporting against it. */
    public Duration window() {
        return parseDuration(batchWindow);
    }

    /**
     * Reads a duration the way Quarkus configuration does for the forms people write: {@code 500ms}, {@code 2s},
     * {@code 1m}, {@code 1h}, a bare number of seconds, or ISO-8601 ({@code PT2S}).
     */
    public static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        }
        if (value.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
        }
        if (value.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }
}
