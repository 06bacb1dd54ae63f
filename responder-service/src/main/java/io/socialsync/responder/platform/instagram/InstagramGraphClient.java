package io.socialsync.responder.platform.instagram;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;
import io.socialsync.crypto.TokenCipher;
import io.socialsync.model.Platform;
import io.socialsync.responder.platform.graph.GraphErrors;

/** The Instagram messaging API as the channel uses it, with its fault-tolerance policy. */
@ApplicationScoped
public class InstagramGraphClient {

    private final InstagramGraphApi api;
    private final TokenCipher tokens;

    public InstagramGraphClient(@RestClient InstagramGraphApi api, TokenCipher tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    /**
     * The same policy as WhatsApp's: only what proves the message was not taken (rate limits, refused connections) is
     * tried again, after 0.5 s, 1 s and 2 s (three retries); see {@link GraphErrors}.
     */
    @Retry(maxRetries = 3, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 0, maxDuration = 60, durationUnit = ChronoUnit.SECONDS)
    @ExponentialBackoff(factor = 2, maxDelay = 2000, maxDelayUnit = ChronoUnit.MILLIS)
    @RetryWhen(exception = GraphErrors.RetryNow.class)
    public Uni<String> sendText(String igAccountId, String accessToken, String recipient, String text,
            boolean humanAgent) {
        return bearer(igAccountId, accessToken)
                .flatMap(authorization -> api.sendText(igAccountId, authorization, humanAgent
                        ? InstagramPayloads.TextMessage.byHumanAgent(recipient, text)
                        : InstagramPayloads.TextMessage.to(recipient, text)))
                .map(InstagramPayloads.SendAnswer::messageId);
    }

    /** An image or a file by URL, retried like a text. */
    @Retry(maxRetries = 3, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 0, maxDuration = 60, durationUnit = ChronoUnit.SECONDS)
    @ExponentialBackoff(factor = 2, maxDelay = 2000, maxDelayUnit = ChronoUnit.MILLIS)
    @RetryWhen(exception = GraphErrors.RetryNow.class)
    public Uni<String> sendAttachment(String igAccountId, String accessToken, String recipient, String type,
            String url, boolean humanAgent) {
        return bearer(igAccountId, accessToken)
                .flatMap(authorization -> api.sendAttachment(igAccountId, authorization,
                        InstagramPayloads.AttachmentMessage.to(recipient, type, url, humanAgent)))
                .map(InstagramPayloads.SendAnswer::messageId);
    }

    /** Not retried: a typing indicator shown seconds late is worth nothing. */
    public Uni<Void> senderAction(String igAccountId, String accessToken, InstagramPayloads.SenderAction action) {
        return bearer(igAccountId, accessToken)
                .flatMap(authorization -> api.senderAction(igAccountId, authorization, action)).replaceWithVoid();
    }

    /**
     * The stored token is sealed (token-crypto); it is opened here, where it becomes the header, and nowhere else. A
     * token that cannot be opened fails the call like any refused one.
     */
    private Uni<String> bearer(String igAccountId, String accessToken) {
        return Uni.createFrom().item(() -> "Bearer " + tokens.open(Platform.INSTAGRAM, igAccountId, accessToken));
    }
}
