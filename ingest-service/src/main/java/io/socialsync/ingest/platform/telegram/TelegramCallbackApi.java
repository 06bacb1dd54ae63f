package io.socialsync.ingest.platform.telegram;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * The Bot API's {@code answerCallbackQuery} ({@code TELEGRAM_API_BASE_URL}, calls to
 * {@code {base}/bot{token}/{method}}). Used only through {@link TelegramCallbacks}, which bounds each call.
 */
@RegisterRestClient(configKey = "telegram-bot")
interface TelegramCallbackApi {

    @POST
    @Path("/bot{token}/answerCallbackQuery")
    Uni<JsonNode> answerCallbackQuery(@PathParam("token") String token, AnswerCallbackQuery request);

    record AnswerCallbackQuery(String callback_query_id) {
    }
}
