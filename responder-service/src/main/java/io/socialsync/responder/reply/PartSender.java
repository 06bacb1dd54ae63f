package io.socialsync.responder.reply;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.TraceParent;
import io.socialsync.responder.config.ResponderConfig;
import io.socialsync.responder.platform.OutboundMedia;
import io.socialsync.responder.platform.PartDelivery;
import io.socialsync.responder.platform.PartResult;
import io.socialsync.responder.platform.SendFailure;

/**
 * Sends a recorded reply's parts in order, each at most once more than the platform can vouch for. A part already
 * confirmed is skipped; a queued part is sent; a part whose outcome is unknown waits for the platform's report
 * (status webhook, echo) for {@code socialsync.send.confirm-wait} and is then sent again with the same text, once.
 * A part the platform proved it did not take (pair rate 131056, rate limits) goes back to {@code queued}: the next
 * attempt resumes from it, the parts before it confirmed and skipped.
 */
@ApplicationScoped
public class PartSender {

    /** Where sending a reply stands. */
    public sealed interface Progress {
    }

    /**
     * Every part was taken by the platform.
     *
     * @param answerRecorded whether the batch's messages were already recorded {@code answered} with the last part
     */
    public record AllSent(boolean answerRecorded) implements Progress {
    }

    /** A part's outcome is unknown: look again after {@code after}. */
    public record Unconfirmed(Duration after) implements Progress {
    }

    /** The platform proved it did not take a part: nothing was lost, the part may go out later. */
    public record NotSent(SendFailure failure) implements Progress {
    }

    /** The platform refused a part for good (window closed, token rejected, …). */
    public record Refused(SendFailure failure, boolean somePartSent) implements Progress {
    }

    /** A part stayed unconfirmed after it was sent again: nothing more is sent blindly. */
    public record GaveUp(int part) implements Progress {
    }

    private static final int MAX_REQUESTS_PER_PART = 2;

    private final ConversationStore store;
    private final OutboundMedia.Source media;
    private final Tracer tracer;
    private final Duration confirmWait;
    private final Duration confirmPoll;

    public PartSender(ConversationStore store, OutboundMedia.Source media, Tracer tracer,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff,
            ResponderConfig config) {
        this.store = store;
        this.media = media;
        this.tracer = TraceParent.tracer(tracer, tracingOff);
        this.confirmWait = config.send().confirmWait();
        this.confirmPoll = config.send().confirmPoll();
    }

    /**
     * @param firstRequested whether the first part was recorded as {@code sending} just now and its request is still to
     *        be written (a fresh reply), rather than left so by an earlier attempt
     */
    public Uni<Progress> send(PartDelivery channel, AccountCredentials account, String contactId,
            List<RecordedPart> parts, boolean firstRequested) {
        return next(channel, account, contactId, parts, 0, firstRequested);
    }

    private Uni<Progress> next(PartDelivery channel, AccountCredentials account, String contactId,
            List<RecordedPart> parts, int index, boolean requestMarked) {
        if (index == parts.size()) {
            return Uni.createFrom().item(new AllSent(false));
        }
        RecordedPart part = parts.get(index);
        if (part.confirmed() || RecordedPart.FAILED.equals(part.status())) {
            // A part the platform took and later reported failed is not sent again: it was the platform's to deliver.
            return next(channel, account, contactId, parts, index + 1, false);
        }
        if (requestMarked) {
            return request(channel, account, contactId, parts, index);
        }
        if (RecordedPart.SENDING.equals(part.status())) {
            Duration waited = part.lastSendAt().map(at -> Duration.between(at, OffsetDateTime.now()))
                    .orElse(confirmWait);
            if (waited.compareTo(confirmWait) < 0) {
                Duration left = confirmWait.minus(waited);
                return Uni.createFrom().item(new Unconfirmed(left.compareTo(confirmPoll) < 0 ? left : confirmPoll));
            }
            if (part.sendAttempts() >= MAX_REQUESTS_PER_PART) {
                return Uni.createFrom().item(new GaveUp(part.part()));
            }
        }
        return store.markSending(part.id()).flatMap(mayRequest -> mayRequest
                ? request(channel, account, contactId, parts, index)
                : next(channel, account, contactId, parts, index + 1, false));
    }

    private Uni<Progress> request(PartDelivery channel, AccountCredentials account, String contactId,
            List<RecordedPart> parts, int index) {
        RecordedPart part = parts.get(index);
        // One span per request to the platform (under the batch's span); its outcome, never its text.
        Span span = tracer.spanBuilder("send part").setAttribute("socialsync.part", part.part())
                .setAttribute("socialsync.parts", parts.size()).setAttribute("socialsync.send_attempt",
                        part.sendAttempts() + 1)
                .startSpan();
        Uni<PartResult> sent = part.media()
                .map(stored -> channel.sendMedia(account, contactId, new OutboundMedia(
                        OutboundMedia.Kind.fromWire(stored.type()), stored.objectId(), stored.contentType(),
                        stored.filename(), media), part.text(), part.id().toString()))
                .orElseGet(() -> channel.sendPart(account, contactId, part.text(), part.id().toString()));
        return sent
                .invoke(result -> span.setAttribute("socialsync.outcome", result.isAccepted()
                        ? "sent"
                        : result.failure().map(SendFailure::outcome).orElse("failed")))
                .onFailure().invoke(failure -> span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName()))
                .onTermination().invoke(span::end)
                .flatMap(result -> outcome(channel, account, contactId, parts, index, result));
    }

    private Uni<Progress> outcome(PartDelivery channel, AccountCredentials account, String contactId,
            List<RecordedPart> parts, int index, PartResult result) {
        RecordedPart part = parts.get(index);
        if (result.isAccepted()) {
            // Taken by the platform but not recorded (PostgreSQL unreachable): the platform's own report confirms it.
            boolean last = index == parts.size() - 1;
            return store.markPartSent(part.id(), result.platformMessageId().orElseThrow(), last)
                    .replaceWith(true).onFailure().recoverWithItem(false)
                    .flatMap(recorded -> last
                            ? Uni.createFrom().item(new AllSent(recorded))
                            : next(channel, account, contactId, parts, index + 1, false));
        }
        SendFailure failure = result.failure().orElseThrow();
        if (failure.deliveryUnknown()) {
            return Uni.createFrom().item(new Unconfirmed(confirmPoll));
        }
        if (failure.retryable()) {
            return store.markPartNotSent(part.id()).replaceWith(new NotSent(failure));
        }
        // Parts before this one are confirmed (or were the platform's to deliver): the customer saw the beginning.
        return Uni.createFrom().item(new Refused(failure, index > 0));
    }
}
