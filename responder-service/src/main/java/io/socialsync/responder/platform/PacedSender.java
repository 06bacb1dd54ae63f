package io.socialsync.responder.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.platform.limits.OutboundLimiter;
import io.socialsync.responder.reply.AccountCredentials;

/**
 * What every adapter does around its platform's calls: sends the parts of a reply one after the other, each in its
 * turn under the limits all replicas share ({@link OutboundLimiter}: account, recipient, number) and within the
 * platform's call timeout, stops at the first failure, counts each outcome, slows a number the platform found too
 * fast (130429) and flags an account whose token was rejected. The platform call itself (with its retries) and the
 * reading of its errors are the adapter's.
 */
@ApplicationScoped
public class PacedSender {

    /** Graph API: the number sent faster than its throughput allows. */
    private static final int THROUGHPUT_EXCEEDED = 130429;

    private final OutboundLimiter limiter;
    private final AccountHealth health;
    private final MeterRegistry registry;

    public PacedSender(OutboundLimiter limiter, AccountHealth health, MeterRegistry registry) {
        this.limiter = limiter;
        this.health = health;
        this.registry = registry;
    }

    /**
     * @param sendOne sends one part, answers the platform's message id
     * @param classify turns what {@code sendOne} failed with into a {@link SendFailure}
     */
    public Uni<SendResult> sendParts(Platform platform, AccountCredentials account, String contactId,
            List<String> parts, Duration spacing, Function<String, Uni<String>> sendOne,
            Function<Throwable, SendFailure> classify) {
        if (parts.isEmpty()) {
            SendFailure empty = new SendFailure(OptionalInt.empty(), 0, false, false, "empty reply");
            count(platform, empty.outcome());
            return Uni.createFrom().item(SendResult.failed(List.of(), empty));
        }
        return next(platform, account, contactId, parts, 0, new ArrayList<>(), spacing, sendOne, classify);
    }

    /**
     * Runs a sender action (read receipt, typing indicator) as best effort: counted, never failing; a rejected token
     * still flags the account.
     */
    public Uni<Void> senderAction(Platform platform, AccountCredentials account, Uni<?> action,
            Function<Throwable, SendFailure> classify) {
        return action
                .invoke(done -> registry.counter("socialsync.sender.actions", "platform", platform.wire(), "outcome",
                        "sent").increment())
                .replaceWithVoid()
                .onFailure().recoverWithUni(thrown -> {
                    SendFailure failure = classify.apply(thrown);
                    registry.counter("socialsync.sender.actions", "platform", platform.wire(), "outcome",
                            failure.outcome()).increment();
                    Log.warnf("%s sender action on account %s not shown: %s", platform.wire(),
                            account.platformAccountId(), failure.reason());
                    return flagIfRejected(platform, account, failure);
                });
    }

    private Uni<SendResult> next(Platform platform, AccountCredentials account, String recipient, List<String> parts,
            int index, List<SendResult.SentPart> sent, Duration spacing, Function<String, Uni<String>> sendOne,
            Function<Throwable, SendFailure> classify) {
        if (index == parts.size()) {
            return Uni.createFrom().item(SendResult.delivered(sent));
        }
        String part = parts.get(index);
        Duration timeout = limiter.callTimeout(platform);
        // The next part of a reply also waits a spacing after this one *finished*: the shared turn counts from when a
        // send was reserved, and a slow call would otherwise bring two parts closer at the platform.
        Uni<Void> afterPrevious = index == 0 || spacing.isZero()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(spacing);
        return afterPrevious.flatMap(ready -> limiter.acquire(platform, account, recipient, spacing))
                .flatMap(turn -> Uni.createFrom().deferred(() -> sendOne.apply(part)).ifNoItem().after(timeout)
                        .failWith(() -> new TimeoutException("no answer within " + timeout)))
                .onItemOrFailure().transformToUni((messageId, thrown) -> {
                    if (thrown != null) {
                        SendFailure failure = thrown instanceof OutboundLimiter.HeldTooLong held
                                // Not sent, not refused: the batch is tried again later, by the retry path.
                                ? new SendFailure(OptionalInt.empty(), 0, true, false, held.getMessage())
                                : classify.apply(thrown);
                        count(platform, failure.outcome());
                        Log.warnf("%s send on account %s failed at part %d of %d: %s", platform.wire(),
                                account.platformAccountId(), index + 1, parts.size(), failure.reason());
                        return flagIfRejected(platform, account, failure)
                                .call(() -> failure.platformErrorCode().orElse(0) == THROUGHPUT_EXCEEDED
                                        ? limiter.slowDown(platform, account.platformAccountId())
                                        : Uni.createFrom().voidItem())
                                .replaceWith(SendResult.failed(sent, failure));
                    }
                    count(platform, "sent");
                    sent.add(new SendResult.SentPart(part, messageId));
                    return next(platform, account, recipient, parts, index + 1, sent, spacing, sendOne, classify);
                });
    }

    private Uni<Void> flagIfRejected(Platform platform, AccountCredentials account, SendFailure failure) {
        return failure.credentialsRejected()
                ? health.flagCredentialsRejected(platform, account.id(), failure.reason())
                : Uni.createFrom().voidItem();
    }

    private void count(Platform platform, String outcome) {
        registry.counter("socialsync.messages.sent", "platform", platform.wire(), "outcome", outcome).increment();
    }
}
