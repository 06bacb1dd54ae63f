package io.socialsync.responder.platform.telegram;

import java.util.List;
import java.util.OptionalInt;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.JsonCodec;

/**
 * The Telegram Bot API ({@code TELEGRAM_API_BASE_URL}, default {@code https://api.telegram.org}; every method is
 * {@code POST {base}/bot{token}/{method}}). Used only through {@link TelegramBotClient}, which holds the retry on
 * flood control, and {@link TelegramAccountAdapter}.
 */
@RegisterRestClient(configKey = "telegram-bot")
interface TelegramBotApi {

    @POST
    @Path("/bot{token}/sendMessage")
    Uni<JsonNode> sendMessage(@PathParam("token") String token, SendMessage message);

    /** {@code sendPhoto} or {@code sendDocument}, the file uploaded in the request (multipart). */
    @POST
    @Path("/bot{token}/{method}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<JsonNode> sendFile(@PathParam("token") String token, @PathParam("method") String method,
            ClientMultipartForm form);

    @POST
    @Path("/bot{token}/sendChatAction")
    Uni<JsonNode> sendChatAction(@PathParam("token") String token, SendChatAction action);

    @POST
    @Path("/bot{token}/getMe")
    Uni<JsonNode> getMe(@PathParam("token") String token);

    @POST
    @Path("/bot{token}/setWebhook")
    Uni<JsonNode> setWebhook(@PathParam("token") String token, SetWebhook webhook);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        String description = null;
        OptionalInt retryAfter = OptionalInt.empty();
        try {
            JsonNode answer = JsonCodec.decode(response.readEntity(String.class), JsonNode.class);
            description = answer.path("description").isTextual() ? answer.path("description").asText() : null;
            if (answer.path("parameters").path("retry_after").canConvertToInt()) {
                retryAfter = OptionalInt.of(answer.path("parameters").path("retry_after").asInt());
            }
        } catch (RuntimeException notJson) {
            // A proxy or an outage page: the status alone has to do.
        }
        return new TelegramApiException(response.getStatus(), description, retryAfter);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SendMessage(String chat_id, String text, String business_connection_id) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SendChatAction(String chat_id, String action, String business_connection_id) {
    }

    /** {@code allowed_updates}: the update types ingest reads, and no others. */
    record SetWebhook(String url, String secret_token, List<String> allowed_updates) {
    }
}
