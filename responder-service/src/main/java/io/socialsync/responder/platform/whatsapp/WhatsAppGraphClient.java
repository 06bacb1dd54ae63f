package io.socialsync.responder.platform.whatsapp;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;
import io.socialsync.crypto.TokenCipher;
import io.socialsync.model.Platform;
import io.socialsync.responder.platform.graph.GraphErrors;
import io.vertx.core.buffer.Buffer;

/** The WhatsApp Cloud API as the channel uses it, with its fault-tolerance policy. */
@ApplicationScoped
public class WhatsAppGraphClient {

    private final WhatsAppGraphApi api;
    private final TokenCipher tokens;

    public WhatsAppGraphClient(@RestClient WhatsAppGraphApi api, TokenCipher tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    /**
     * Rate limits (429, codes 4, 80007, 130429) and refused connections prove the message was not taken and pass
     * within seconds: tried again after 0.5 s, 1 s and 2 s (three retries, four attempts, 3.5 s of waiting at most).
     * A server error or a timeout may have delivered it and is never retried here (see {@link GraphErrors}).
     * No jitter: each number's sends are already spread by the pacing of recipients.
     */
    @Retry(maxRetries = 3, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 0, maxDuration = 60, durationUnit = ChronoUnit.SECONDS)
    @ExponentialBackoff(factor = 2, maxDelay = 2000, maxDelayUnit = ChronoUnit.MILLIS)
    @RetryWhen(exception = GraphErrors.RetryNow.class)
    public Uni<String> sendText(String phoneNumberId, String accessToken, WhatsAppRecipients.Address recipient,
            String body, String tag) {
        return bearer(phoneNumberId, accessToken)
                .flatMap(authorization -> api.sendText(phoneNumberId, authorization,
                        WhatsAppPayloads.TextMessage.to(recipient, body, tag)))
                .map(GraphSendResult::firstMessageId);
    }

    /** An approved template, retried like a text (the same errors prove it was not taken). */
    @Retry(maxRetries = 3, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 0, maxDuration = 60, durationUnit = ChronoUnit.SECONDS)
    @ExponentialBackoff(factor = 2, maxDelay = 2000, maxDelayUnit = ChronoUnit.MILLIS)
    @RetryWhen(exception = GraphErrors.RetryNow.class)
    public Uni<String> sendTemplate(String phoneNumberId, String accessToken, WhatsAppRecipients.Address recipient,
            String name, String language, String bodyParameter, String tag) {
        return bearer(phoneNumberId, accessToken)
                .flatMap(authorization -> api.sendTemplate(phoneNumberId, authorization,
                        WhatsAppPayloads.TemplateMessage.to(recipient, name, language, bodyParameter, tag)))
                .map(GraphSendResult::firstMessageId);
    }

    /** An image or a document by link or upload id, retried like a text (the same errors prove it was not taken). */
    @Retry(maxRetries = 3, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 0, maxDuration = 60, durationUnit = ChronoUnit.SECONDS)
    @ExponentialBackoff(factor = 2, maxDelay = 2000, maxDelayUnit = ChronoUnit.MILLIS)
    @RetryWhen(exception = GraphErrors.RetryNow.class)
    public Uni<String> sendMedia(String phoneNumberId, String accessToken, WhatsAppRecipients.Address recipient,
            String type, WhatsAppPayloads.Media media, String tag) {
        return bearer(phoneNumberId, accessToken)
                .flatMap(authorization -> api.sendMedia(phoneNumberId, authorization,
                        WhatsAppPayloads.MediaMessage.to(recipient, type, media, tag)))
                .map(GraphSendResult::firstMessageId);
    }

    /**
     * Uploads a file for a message to send by id. An upload is no message: whatever its outcome, nothing reached the
     * customer, so the channel treats every failure of it as "not sent"; retried here like a send.
     */
    @Retry(maxRetries = 3, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 0, maxDuration = 60, durationUnit = ChronoUnit.SECONDS)
    @ExponentialBackoff(factor = 2, maxDelay = 2000, maxDelayUnit = ChronoUnit.MILLIS)
    @RetryWhen(exception = GraphErrors.RetryNow.class)
    public Uni<String> upload(String phoneNumberId, String accessToken, byte[] bytes, String contentType,
            String filename) {
        ClientMultipartForm form = ClientMultipartForm.create()
                .attribute("messaging_product", WhatsAppPayloads.MESSAGING_PRODUCT, null)
                .attribute("type", contentType, null)
                .binaryFileUpload("file", filename, Buffer.buffer(bytes), contentType);
        return bearer(phoneNumberId, accessToken)
                .flatMap(authorization -> api.upload(phoneNumberId, authorization, form))
                .map(WhatsAppPayloads.UploadedMedia::id);
    }

    /** Not retried: a read receipt or typing indicator shown seconds late is worth nothing. */
    public Uni<Void> markReadWithTyping(String phoneNumberId, String accessToken, String messageId) {
        return bearer(phoneNumberId, accessToken)
                .flatMap(authorization -> api.markRead(phoneNumberId, authorization,
                        WhatsAppPayloads.ReadReceipt.withTyping(messageId)))
                .replaceWithVoid();
    }

    /**
     * The stored token is sealed (token-crypto); it is opened here, where it becomes the header, and nowhere else. A
     * token that cannot be opened fails the call like any refused one.
     */
    private Uni<String> bearer(String phoneNumberId, String accessToken) {
        return Uni.createFrom().item(() -> "Bearer " + tokens.open(Platform.WHATSAPP, phoneNumberId, accessToken));
    }
}
