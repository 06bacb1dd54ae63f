package io.socialsync.responder.platform;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.platform.limits.OutboundLimiter;
import io.socialsync.responder.reply.AccountCredentials;

/**
 * What every adapter does around its platform's calls: sends each message in its turn under the limits all replicas
 * share ({@link OutboundLimiter}: account, recipient, number) and within the platform's call timeout, counts each
 * outcome, slows a number the platform found too fast (130429) and flags an account whose token was rejected. The
 * platform call itself (with its retries) and the reading of its errors are the adapter's.
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
     * Sends one message in the recipient's paced turn, counts its outcome and flags an account whose token was
     * rejected.
     *
     * @param sendOne sends the message, answers the platform's message id
     * @param classify turns what {@code sendOne} failed with into a {@link SendFailure}
     */
    public Uni<PartResult> sendPart(Platform platform, AccountCredentials account, String contactId, Duration spacing,
            Supplier<Uni<String>> sendOne, Function<Throwable, SendFailure> classify) {
        Duration timeout = limiter.callTimeout(platform);
        return limiter.acquire(platform, account, contactId, spacing)
                .flatMap(turn -> Uni.createFrom().<String>deferred(() -> sendOne.get()).ifNoItem().after(timeout)
                        .failWith(() -> new TimeoutException("no answer within " + timeout)))
                .onItemOrFailure().transformToUni((messageId, thrown) -> {
                    if (thrown != null) {
                        SendFailure failure = thrown instanceof OutboundLimiter.HeldTooLong held
                                // Not sent, not refused: the batch is tried again later, by the retry path.
                                ? new SendFailure(OptionalInt.empty(), 0, true, false, false, held.getMessage())
                                : classify.apply(thrown);
                        count(platform, failure.outcome());
                        Log.warnf("%s send on account %s: %s", platform.wire(), account.platformAccountId(),
                                failure.reason());
                        return flagIfRejected(platform, account, failure)
                                .call(() -> failure.platformErrorCode().orElse(0) == THROUGHPUT_EXCEEDED
                                        ? limiter.slowDown(platform, account.platformAccountId())
                                        : Uni.createFrom().voidItem())
                                .replaceWith(PartResult.failed(failure));
                    }
                    count(platform, "sent");
                    return Uni.createFrom().item(PartResult.accepted(messageId));
                });
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

    private Uni<Void> flagIfRejected(Platform platform, AccountCredentials account, SendFailure failure) {
        return failure.credentialsRejected()
                ? health.flagCredentialsRejected(platform, account.id(), failure.reason())
                : Uni.createFrom().voidItem();
    }

    private void count(Platform platform, String outcome) {
        registry.counter("socialsync.messages.sent", "platform", platform.wire(), "outcome", outcome).increment();
    }
}
