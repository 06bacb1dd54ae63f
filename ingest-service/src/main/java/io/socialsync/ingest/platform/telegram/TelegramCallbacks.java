package io.socialsync.ingest.platform.telegram;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.socialsync.crypto.TokenCipher;
import io.socialsync.model.Platform;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Answers a customer's button tap ({@code answerCallbackQuery}): until it is answered the customer's client shows a
 * spinner on the button. Off the request path, once; a failed answer only leaves the spinner to time out by itself.
 */
@ApplicationScoped
public class TelegramCallbacks {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String TOKEN = "SELECT platform_account_id, access_token FROM social_accounts WHERE id = $1";

    private final TelegramCallbackApi api;
    private final Pool pool;
    private final TokenCipher tokens;
    private final MeterRegistry registry;

    public TelegramCallbacks(@RestClient TelegramCallbackApi api, Pool pool, TokenCipher tokens,
            MeterRegistry registry) {
        this.api = api;
        this.pool = pool;
        this.tokens = tokens;
        this.registry = registry;
    }

    /** Returns at once; the answer goes out in the background. */
    public void answerInBackground(UUID accountId, String callbackQueryId) {
        answer(accountId, callbackQueryId).subscribe().with(
                answered -> count(answered ? "answered" : "no_token"),
                failure -> {
                    count("failed");
                    // The failure names the status, never the token (a path segment Telegram's answer never repeats).
                    Log.warnf("telegram answerCallbackQuery failed: %s", failure.getClass().getSimpleName());
                });
    }

    Uni<Boolean> answer(UUID accountId, String callbackQueryId) {
        return pool.preparedQuery(TOKEN).execute(Tuple.of(accountId)).flatMap(rows -> {
            Row row = rows.size() == 0 ? null : rows.iterator().next();
            String sealed = row == null ? null : row.getString("access_token");
            if (sealed == null) {
                return Uni.createFrom().item(false);
            }
            // Stored sealed (token-crypto): opened only for the call that needs it.
            String token = tokens.open(Platform.TELEGRAM, row.getString("platform_account_id"), sealed);
            return api.answerCallbackQuery(token, new TelegramCallbackApi.AnswerCallbackQuery(callbackQueryId))
                    .ifNoItem().after(TIMEOUT).fail().replaceWith(true);
        });
    }

    private void count(String outcome) {
        registry.counter("socialsync.telegram.callbacks.answered", "outcome", outcome).increment();
    }
}
