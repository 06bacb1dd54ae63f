package io.socialsync.responder.platform.telegram;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import io.smallrye.mutiny.Uni;
import io.socialsync.crypto.TokenCipher;
import io.socialsync.model.Platform;
import io.socialsync.model.TelegramChats;
import io.vertx.core.buffer.Buffer;

/**
 * The Bot API as the channel uses it. Flood control (429) says how long to wait ({@code retry_after}): a wait within
 * {@code retry-after-at-most} is taken in place, then the message is sent again (twice at most); a longer one fails
 * the part as not sent and retryable. Nothing else is retried here: Telegram has no delivery report, so a message
 * whose answer was lost may have gone out.
 */
@ApplicationScoped
public class TelegramBotClient {

    private static final int FLOOD_RETRIES = 2;

    private final TelegramBotApi api;
    private final TokenCipher tokens;
    private final Duration retryAfterAtMost;

    public TelegramBotClient(@RestClient TelegramBotApi api, TokenCipher tokens, TelegramConfig config) {
        this.api = api;
        this.tokens = tokens;
        this.retryAfterAtMost = config.retryAfterAtMost();
    }

    /** Sends a text to a chat (through the business connection the contact id names); answers our message id. */
    public Uni<String> sendText(String botId, String sealedToken, String contactId, String text) {
        String chatId = TelegramChats.chatId(contactId);
        TelegramBotApi.SendMessage message = new TelegramBotApi.SendMessage(chatId, text,
                TelegramChats.businessConnectionId(contactId).orElse(null));
        return token(botId, sealedToken).flatMap(token -> withFloodControl(
                () -> api.sendMessage(token, message), FLOOD_RETRIES))
                .map(answer -> TelegramChats.messageKey(chatId, answer.path("result").path("message_id").asText()));
    }

    /**
     * Sends a photo ({@code sendPhoto}) or a file ({@code sendDocument}) uploaded in the request, so that Telegram needs
     * no way to reach our links; answers our message id like {@link #sendText}.
     *
     * @param caption the caption, or null
     */
    public Uni<String> sendFile(String botId, String sealedToken, String contactId, boolean photo, byte[] bytes,
            String contentType, String filename, String caption) {
        String chatId = TelegramChats.chatId(contactId);
        Optional<String> connection = TelegramChats.businessConnectionId(contactId);
        Supplier<ClientMultipartForm> form = () -> {
            ClientMultipartForm built = ClientMultipartForm.create().attribute("chat_id", chatId, null);
            if (caption != null && !caption.isBlank()) {
                built.attribute("caption", caption, null);
            }
            connection.ifPresent(id -> built.attribute("business_connection_id", id, null));
            return built.binaryFileUpload(photo ? "photo" : "document", filename, Buffer.buffer(bytes),
                    contentType);
        };
        return token(botId, sealedToken).flatMap(token -> withFloodControl(
                () -> api.sendFile(token, photo ? "sendPhoto" : "sendDocument", form.get()), FLOOD_RETRIES))
                .map(answer -> TelegramChats.messageKey(chatId, answer.path("result").path("message_id").asText()));
    }

    /** Shows "typing…" in the chat for about 5 s. Not retried: shown late it is worth nothing. */
    public Uni<Void> sendTyping(String botId, String sealedToken, String contactId) {
        TelegramBotApi.SendChatAction action = new TelegramBotApi.SendChatAction(TelegramChats.chatId(contactId),
                "typing", TelegramChats.businessConnectionId(contactId).orElse(null));
        return token(botId, sealedToken).flatMap(token -> api.sendChatAction(token, action)).replaceWithVoid();
    }

    private <T> Uni<T> withFloodControl(Supplier<Uni<T>> call, int retriesLeft) {
        return Uni.createFrom().deferred(() -> call.get()).onFailure(TelegramApiException.class)
                .recoverWithUni(thrown -> {
                    TelegramApiException refused = (TelegramApiException) thrown;
                    Optional<Duration> wait = refused.httpStatus() == 429 && refused.retryAfterSeconds().isPresent()
                            ? Optional.of(Duration.ofSeconds(refused.retryAfterSeconds().getAsInt()))
                            : Optional.empty();
                    if (retriesLeft == 0 || wait.isEmpty() || wait.get().compareTo(retryAfterAtMost) > 0) {
                        return Uni.createFrom().failure(refused);
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(wait.get())
                            .flatMap(waited -> withFloodControl(call, retriesLeft - 1));
                });
    }

    /**
     * The stored token is sealed (token-crypto); it is opened here, where it becomes the path, and nowhere else. A
     * token that cannot be opened fails the call like any refused one.
     */
    private Uni<String> token(String botId, String sealedToken) {
        return Uni.createFrom().item(() -> tokens.open(Platform.TELEGRAM, botId, sealedToken));
    }
}
