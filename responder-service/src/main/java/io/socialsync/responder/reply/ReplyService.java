package io.socialsync.responder.reply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.ai.AiProvider;
import io.socialsync.responder.ai.AiRequest;
import io.socialsync.responder.batch.BatchClaimer;
import io.socialsync.responder.batch.ClaimedBatch;
import io.socialsync.responder.batch.DeadLetters;
import io.socialsync.responder.batch.FinishResult;
import io.socialsync.responder.platform.ReplyChannel;

/**
 * Answers one claimed batch: typing indicator, AI reply, send, record, release. A failure is handed back to the
 * claim loop, which retries the batch or dead-letters it; its messages stay in PostgreSQL, so nothing is lost.
 * <p>
 * Exactly one reply per batch: the reply is recorded ({@code sending}, keyed by the batch id) before it is sent, and
 * a batch claimed again finds it. Fresh reply: a reply is not sent when the customer wrote again meanwhile.
 */
@ApplicationScoped
public class ReplyService {

    private final Map<Platform, ReplyChannel> channels;
    private final ConversationStore conversations;
    private final AiProvider ai;
    private final BatchClaimer claimer;
    private final DeadLetters deadLetters;
    private final ReplyMetrics metrics;

    public ReplyService(Instance<ReplyChannel> channels, ConversationStore conversations, AiProvider ai,
            BatchClaimer claimer, DeadLetters deadLetters, ReplyMetrics metrics) {
        this.channels = channels.stream()
                .collect(Collectors.toUnmodifiableMap(ReplyChannel::platform, Function.identity()));
        this.conversations = conversations;
        this.ai = ai;
        this.claimer = claimer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    public Uni<Void> answer(ClaimedBatch batch) {
        if (batch.messages().isEmpty()) {
            // The window expired or held nothing readable: nothing to say, nothing to keep.
            return claimer.complete(batch);
        }
        long started = System.nanoTime();
        UnifiedMessage last = batch.last();
        Platform platform = last.platform();
        metrics.lateness(platform, Duration.ofMillis(batch.latenessMillis()));
        ReplyChannel channel = channels.get(platform);
        if (channel == null) {
            metrics.failed(platform, "no_channel");
            return Uni.createFrom().failure(new IllegalStateException("no reply channel for " + platform.wire()));
        }
        // Only a batch claimed before can have a recorded reply: a first claim saves the round trip.
        Uni<Optional<String>> recorded = batch.claimedBefore()
                ? conversations.priorReply(batch.id())
                : Uni.createFrom().item(Optional.empty());
        return recorded
                .flatMap(prior -> prior.isPresent()
                        ? afterCrash(batch, prior.get(), started)
                        : conversations.account(platform, last.accountId()).flatMap(account -> {
                            if (account.isEmpty()) {
                                Log.warnf("batch %s for unknown or inactive %s account %s dropped", batch.id(),
                                        platform.wire(), last.accountId());
                                metrics.processed(platform, "no_account", elapsed(started));
                                return conversations.markUnanswerable(batch.messageIds(), "no_account")
                                        .flatMap(marked -> claimer.complete(batch));
                            }
                            return reply(batch, channel, account.get(), started);
                        }))
                .onFailure().invoke(failure -> {
                    metrics.failed(platform, failure.getClass().getSimpleName());
                    Log.errorf("conversation platform=%s account=%s contact=%s batch=%s failed after %d ms: %s",
                            platform.wire(), last.accountId(), hashed(last.contactId()), batch.id(),
                            elapsed(started).toMillis(), failure.toString());
                });
    }

    private Uni<Void> reply(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account, long started) {
        UnifiedMessage last = batch.last();
        Platform platform = last.platform();
        return channel.markReadAndTyping(account, last)
                .onFailure().invoke(failure -> Log.warnf("typing indicator not shown: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .flatMap(typing -> ai.reply(new AiRequest(account.tenantId(), batch.messages())))
                .invoke(text -> metrics.generated(platform, ai.name()))
                .flatMap(text -> sendIfCurrent(batch, channel, account, text))
                .invoke(outcome -> {
                    Duration took = elapsed(started);
                    metrics.processed(platform, outcome, took);
                    Log.infof("conversation platform=%s account=%s contact=%s messages=%d types=%s lateness=%d ms "
                            + "attempt=%d %s in %d ms", platform.wire(), account.platformAccountId(),
                            hashed(last.contactId()), batch.messages().size(), types(batch), batch.latenessMillis(),
                            batch.attempts() + 1, outcome, took.toMillis());
                })
                .replaceWithVoid();
    }

    /** Sends the reply unless the customer wrote again meanwhile, recording it first; answers the outcome. */
    private Uni<String> sendIfCurrent(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            String text) {
        Uni<FinishResult> fresh = batch.freshRuleUsed()
                ? Uni.createFrom().item(new FinishResult(FinishResult.Outcome.NOTHING_NEW, null, 0, List.of()))
                : claimer.supersedeIfNewMessages(batch);
        return fresh.flatMap(check -> {
            if (check.is(FinishResult.Outcome.DONE)) {
                // The messages wait in front of the new window; one reply will cover them all.
                return Uni.createFrom().item("superseded");
            }
            if (check.is(FinishResult.Outcome.NOT_LEASED)) {
                return Uni.createFrom().item("lease_lost");
            }
            return conversations.beginSend(batch.id(), batch.messageIds(), text).flatMap(owned -> {
                if (!owned) {
                    // Answered by another attempt of this batch or, after a Redis data loss, by another batch.
                    return claimer.complete(batch).replaceWith("duplicate");
                }
                return channel.sendText(account, batch.last().contactId(), text)
                        .onFailure().call(() -> conversations.abandonSend(batch.id()))
                        .flatMap(sentId -> conversations.recordSent(batch.id(), sentId))
                        .flatMap(recorded -> claimer.complete(batch))
                        .replaceWith("answered");
            });
        });
    }

    /**
     * The batch was claimed before, and its reply recorded. {@code sent}: complete it without answering again.
     * {@code sending}: the replica died between record and send, and WhatsApp has no idempotency key to ask with;
     * at most once, so the batch goes to the dead letter for an operator (docs/ARCHITECTURE.md).
     */
    private Uni<Void> afterCrash(ClaimedBatch batch, String status, long started) {
        Platform platform = batch.last().platform();
        if ("sent".equals(status)) {
            metrics.processed(platform, "already_sent", elapsed(started));
            return claimer.complete(batch);
        }
        metrics.processed(platform, "send_unconfirmed", elapsed(started));
        Log.errorf("batch %s: reply recorded but its send is unconfirmed; dead-lettered for an operator",
                batch.id());
        return conversations.markSendUnconfirmed(batch.id())
                .flatMap(marked -> claimer.deadLetter(batch, "send_unconfirmed"))
                .flatMap(result -> result.is(FinishResult.Outcome.DEAD_LETTERED)
                        ? deadLetters.recordDead(result, "send_unconfirmed")
                        : Uni.createFrom().voidItem());
    }

    private static String types(ClaimedBatch batch) {
        return batch.messages().stream().map(message -> message.type().wire()).distinct()
                .collect(Collectors.joining(","));
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Logs identify a customer only by a short hash: enough to follow one conversation, no phone number. */
    static String hashed(String contactId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(contactId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
