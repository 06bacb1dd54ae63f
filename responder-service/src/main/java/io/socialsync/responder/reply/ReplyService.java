package io.socialsync.responder.reply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.agent.AgentContext;
import io.socialsync.responder.agent.AgentContextStore;
import io.socialsync.responder.agent.CreditLedger;
import io.socialsync.responder.agent.Escalations;
import io.socialsync.responder.ai.AgentAnswer;
import io.socialsync.responder.ai.AiProvider;
import io.socialsync.responder.ai.AiRequest;
import io.socialsync.responder.batch.BatchClaimer;
import io.socialsync.responder.batch.ClaimedBatch;
import io.socialsync.responder.config.ResponderConfig;
import io.socialsync.responder.platform.ReplyChannel;

/**
 * Answers one claimed batch: typing indicator, AI reply within the conversation's budget, credits, send, record,
 * release — or hands the conversation to a person. A batch that fails keeps its lease until it expires; its messages
 * stay {@code received} in PostgreSQL, so nothing is lost.
 */
@ApplicationScoped
public class ReplyService {

    private final Map<Platform, ReplyChannel> channels;
    private final ConversationStore conversations;
    private final AgentContextStore contexts;
    private final CreditLedger credits;
    private final Escalations escalations;
    private final AiProvider ai;
    private final BatchClaimer claimer;
    private final ReplyMetrics metrics;
    private final Duration generationBudget;

    public ReplyService(Instance<ReplyChannel> channels, ConversationStore conversations, AgentContextStore contexts,
            CreditLedger credits, Escalations escalations, AiProvider ai, BatchClaimer claimer, ReplyMetrics metrics,
            ResponderConfig config) {
        this.channels = channels.stream()
                .collect(Collectors.toUnmodifiableMap(ReplyChannel::platform, Function.identity()));
        this.conversations = conversations;
        this.contexts = contexts;
        this.credits = credits;
        this.escalations = escalations;
        this.ai = ai;
        this.claimer = claimer;
        this.metrics = metrics;
        // Sending keeps its own share of the budget, so a generation that uses all of its share still ends in time.
        this.generationBudget = config.reply().budget().minus(config.reply().sendReserve());
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
        return conversations.account(platform, last.accountId())
                .flatMap(account -> {
                    if (account.isEmpty()) {
                        Log.warnf("batch %s for unknown or inactive %s account %s dropped", batch.id(),
                                platform.wire(), last.accountId());
                        metrics.processed(platform, "no_account", elapsed(started));
                        return claimer.complete(batch);
                    }
                    return contexts.load(account.get().id(), last.contactId(), batch.messages())
                            .flatMap(context -> context.isEmpty()
                                    ? Uni.createFrom().failure(new IllegalStateException(
                                            "no stored conversation for batch " + batch.id()))
                                    : decide(batch, channel, account.get(), context.get(), started));
                })
                .onFailure().invoke(failure -> {
                    if (failure instanceof TimeoutException) {
                        metrics.timedOut(platform);
                    }
                    metrics.failed(platform, failure.getClass().getSimpleName());
                    Log.errorf("conversation platform=%s account=%s contact=%s batch=%s failed after %d ms: %s",
                            platform.wire(), last.accountId(), hashed(last.contactId()), batch.id(),
                            elapsed(started).toMillis(), failure.toString());
                });
    }

    /** The AI answers only where it may: not on a conversation a person took over, not without credits. */
    private Uni<Void> decide(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            AgentContext context, long started) {
        Platform platform = batch.last().platform();
        if (!context.aiEnabled()) {
            return conversations.markAwaitingHuman(batch.id(), batch.messages())
                    .flatMap(marked -> claimer.complete(batch))
                    .invoke(() -> finished(batch, account, "handed_off", started));
        }
        if (!context.canAfford()) {
            return withoutCredits(batch, context, account, started);
        }
        return reply(batch, channel, account, context, started);
    }

    private Uni<Void> reply(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            AgentContext context, long started) {
        UnifiedMessage last = batch.last();
        Platform platform = last.platform();
        AiRequest request = new AiRequest(context.tenantId(), context.systemPrompt(), context.history(),
                batch.messages(), context.aiCallsPerBatch());
        return channel.markReadAndTyping(account, last)
                .onFailure().invoke(failure -> Log.warnf("typing indicator not shown: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .flatMap(typing -> ai.reply(request)
                        .ifNoItem().after(remaining(started)).fail())
                .invoke(answer -> metrics.generated(platform, ai.name()))
                .flatMap(answer -> credits.chargeReply(context.tenantId(), batch.id(), context.creditsPerReply())
                        .flatMap(charge -> charge == CreditLedger.Charge.INSUFFICIENT
                                ? withoutCredits(batch, context, account, started)
                                : send(batch, channel, account, context, answer, started)));
    }

    private Uni<Void> send(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            AgentContext context, AgentAnswer answer, long started) {
        UnifiedMessage last = batch.last();
        Platform platform = last.platform();
        return channel.sendText(account, last.contactId(), answer.text())
                .flatMap(sentId -> conversations.recordReply(batch.id(), batch.messages(), answer.text(), sentId))
                .flatMap(recorded -> {
                    if (!answer.needsHuman()) {
                        return Uni.createFrom().voidItem();
                    }
                    metrics.escalated(platform, Escalations.Reason.LOW_CONFIDENCE.wire());
                    return escalations.escalate(context.tenantId(), context.conversationId(), batch.id(),
                            Escalations.Reason.LOW_CONFIDENCE, answer.confidence());
                })
                .flatMap(escalated -> claimer.complete(batch))
                .invoke(() -> finished(batch, account, answer.needsHuman() ? "escalated" : "answered", started));
    }

    /** No AI reply without credits; the conversation goes to a person and is counted, never dropped silently. */
    private Uni<Void> withoutCredits(ClaimedBatch batch, AgentContext context, AccountCredentials account,
            long started) {
        Platform platform = batch.last().platform();
        metrics.failed(platform, "no_credits");
        metrics.escalated(platform, Escalations.Reason.NO_CREDITS.wire());
        return escalations.escalate(context.tenantId(), context.conversationId(), batch.id(),
                Escalations.Reason.NO_CREDITS, null)
                .flatMap(escalated -> conversations.markAwaitingHuman(batch.id(), batch.messages()))
                .flatMap(marked -> claimer.complete(batch))
                .invoke(() -> finished(batch, account, "no_credits", started));
    }

    private Duration remaining(long started) {
        Duration left = generationBudget.minus(elapsed(started));
        return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
    }

    private void finished(ClaimedBatch batch, AccountCredentials account, String outcome, long started) {
        UnifiedMessage last = batch.last();
        Duration took = elapsed(started);
        metrics.processed(last.platform(), outcome, took);
        Log.infof("conversation platform=%s account=%s contact=%s messages=%d types=%s lateness=%d ms %s in %d ms",
                last.platform().wire(), account.platformAccountId(), hashed(last.contactId()),
                batch.messages().size(), types(batch), batch.latenessMillis(), outcome, took.toMillis());
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
