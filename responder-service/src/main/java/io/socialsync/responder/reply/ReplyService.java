package io.socialsync.responder.reply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

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
import io.socialsync.responder.batch.DeadLetters;
import io.socialsync.responder.batch.FinishResult;
import io.socialsync.responder.config.ResponderConfig;
import io.socialsync.responder.platform.ReplyChannel;
import io.socialsync.responder.platform.ReplyChannels;
import io.socialsync.responder.platform.SendFailure;
import io.socialsync.responder.platform.SendResult;

/**
 * Answers one claimed batch: typing indicator, AI reply within the conversation's budget and the tenant's credits,
 * send, record, release — or leaves the conversation to a person (handed off, no credits, the AI not sure). A failure is handed back to the
 * claim loop, which retries the batch or dead-letters it; its messages stay in PostgreSQL, so nothing is lost.
 * <p>
 * Exactly one reply per batch: the reply is recorded ({@code sending}, keyed by the batch id) before it is sent, and
 * a batch claimed again finds it. Fresh reply: a reply is not sent when the customer wrote again meanwhile.
 */
@ApplicationScoped
public class ReplyService {

    private final ReplyChannels channels;
    private final ConversationStore conversations;
    private final AgentContextStore contexts;
    private final CreditLedger credits;
    private final Escalations escalations;
    private final AiProvider ai;
    private final BatchClaimer claimer;
    private final DeadLetters deadLetters;
    private final ReplyMetrics metrics;
    private final PlanNotice planNotice;
    private final Duration generationBudget;

    /** What the reply to a batch will say, and the AI's answer when the AI wrote it (paid for; may escalate). */
    private record Draft(String text, Optional<AgentAnswer> answer) {

        boolean needsHuman() {
            return answer.map(AgentAnswer::needsHuman).orElse(false);
        }
    }

    public ReplyService(ReplyChannels channels, ConversationStore conversations, AgentContextStore contexts,
            CreditLedger credits, Escalations escalations, AiProvider ai, BatchClaimer claimer, DeadLetters deadLetters,
            ReplyMetrics metrics, PlanNotice planNotice, ResponderConfig config) {
        this.channels = channels;
        this.conversations = conversations;
        this.contexts = contexts;
        this.credits = credits;
        this.escalations = escalations;
        this.ai = ai;
        this.claimer = claimer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.planNotice = planNotice;
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
        Optional<ReplyChannel> found = channels.of(platform);
        if (found.isEmpty()) {
            metrics.failed(platform, "no_channel");
            return Uni.createFrom().failure(new IllegalStateException("no reply channel for " + platform.wire()));
        }
        ReplyChannel channel = found.get();
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
                            return contexts.load(account.get().id(), last.contactId(), batch.messages())
                                    .flatMap(context -> context.isEmpty()
                                            ? Uni.createFrom().failure(new IllegalStateException(
                                                    "no stored conversation for batch " + batch.id()))
                                            : reply(batch, channel, account.get(), context.get(), started));
                        }))
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

    private Uni<Void> reply(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            AgentContext context, long started) {
        UnifiedMessage last = batch.last();
        Platform platform = last.platform();
        Uni<String> outcome;
        if (!context.aiEnabled()) {
            // A person took the conversation over: its messages wait for that person, not for the AI.
            outcome = conversations.markAwaitingHuman(batch.id(), batch.messageIds())
                    .flatMap(marked -> claimer.complete(batch)).replaceWith("handed_off");
        } else {
            outcome = channel.sendTypingAndMarkRead(account, last.contactId(), last)
                    .flatMap(typing -> draft(batch, context, started))
                    .flatMap(draft -> draft.isEmpty()
                            ? withoutCredits(batch, context)
                            : sendIfCurrent(batch, channel, account, context, draft.get()));
        }
        return outcome.invoke(done -> {
            Duration took = elapsed(started);
            metrics.processed(platform, done, took);
            Log.infof("conversation platform=%s account=%s contact=%s messages=%d types=%s lateness=%d ms "
                    + "attempt=%d %s in %d ms", platform.wire(), account.platformAccountId(),
                    hashed(last.contactId()), batch.messages().size(), types(batch), batch.latenessMillis(),
                    batch.attempts() + 1, done, took.toMillis());
        }).replaceWithVoid();
    }

    /**
     * The AI's answer to the messages the plan allows, with the plan notice in front when the batch holds others; a
     * batch of only not-allowed messages gets the notice and no AI call. Empty when the AI is needed but the tenant's
     * credits do not cover it. The AI must answer within the conversation's budget.
     */
    private Uni<Optional<Draft>> draft(ClaimedBatch batch, AgentContext context, long started) {
        Platform platform = batch.last().platform();
        List<UnifiedMessage> allowed = planNotice.allowed(batch.messages());
        Optional<String> notice = planNotice.noticeFor(batch.messages());
        if (allowed.isEmpty()) {
            return Uni.createFrom()
                    .item(Optional.of(new Draft(PlanNotice.compose(notice, Optional.empty()), Optional.empty())));
        }
        if (!context.canAfford()) {
            return Uni.createFrom().item(Optional.empty());
        }
        AiRequest request = new AiRequest(context.tenantId(), context.systemPrompt(), context.history(), allowed,
                context.aiCallsPerBatch());
        return Uni.createFrom().deferred(() -> ai.reply(request).ifNoItem().after(remaining(started)).fail())
                .invoke(answer -> metrics.generated(platform, ai.name()))
                .map(answer -> Optional.of(new Draft(PlanNotice.compose(notice, Optional.of(answer.text())),
                        Optional.of(answer))));
    }

    /** No AI reply without credits: the conversation goes to a person and is counted, never dropped silently. */
    private Uni<String> withoutCredits(ClaimedBatch batch, AgentContext context) {
        Platform platform = batch.last().platform();
        metrics.failed(platform, "no_credits");
        metrics.escalated(platform, Escalations.Reason.NO_CREDITS.wire());
        return escalations.escalate(context.tenantId(), context.conversationId(), batch.id(),
                Escalations.Reason.NO_CREDITS, null)
                .flatMap(escalated -> conversations.markAwaitingHuman(batch.id(), batch.messageIds()))
                .flatMap(marked -> claimer.complete(batch))
                .replaceWith("no_credits");
    }

    private Duration remaining(long started) {
        Duration left = generationBudget.minus(elapsed(started));
        return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
    }

    /**
     * Sends the reply unless the customer wrote again meanwhile: charges the AI's reply to the tenant's credits
     * (once per batch), records it, sends it, and escalates the conversation when the AI said a person is needed.
     * Answers the outcome.
     */
    private Uni<String> sendIfCurrent(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            AgentContext context, Draft draft) {
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
            Uni<CreditLedger.Charge> charge = draft.answer().isEmpty()
                    ? Uni.createFrom().item(CreditLedger.Charge.ALREADY_PAID)
                    : credits.chargeReply(context.tenantId(), batch.id(), context.creditsPerReply());
            return charge.flatMap(charged -> charged == CreditLedger.Charge.INSUFFICIENT
                    ? withoutCredits(batch, context)
                    : send(batch, channel, account, context, draft));
        });
    }

    private Uni<String> send(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            AgentContext context, Draft draft) {
        String text = draft.text();
        return conversations.beginSend(batch.id(), batch.messageIds(), text).flatMap(owned -> {
            if (!owned) {
                // Answered by another attempt of this batch or, after a Redis data loss, by another batch.
                return claimer.complete(batch).replaceWith("duplicate");
            }
            return channel.sendText(account, batch.last().contactId(), text)
                    .onFailure().call(() -> conversations.abandonSend(batch.id()))
                    .flatMap(sent -> {
                        if (!sent.isDelivered()) {
                            return undelivered(batch, sent.parts(), sent.failure().orElseThrow());
                        }
                        return conversations.recordSent(batch.id(), sent.parts())
                                .flatMap(recorded -> draft.needsHuman()
                                        ? escalate(batch, context, draft)
                                        : Uni.createFrom().voidItem())
                                .flatMap(escalated -> claimer.complete(batch))
                                .replaceWith(draft.needsHuman() ? "escalated" : "answered");
                    });
        });
    }

    /** The AI answered but could not do so from the knowledge base: its reply went out, now a person takes over. */
    private Uni<Void> escalate(ClaimedBatch batch, AgentContext context, Draft draft) {
        metrics.escalated(batch.last().platform(), Escalations.Reason.LOW_CONFIDENCE.wire());
        return escalations.escalate(context.tenantId(), context.conversationId(), batch.id(),
                Escalations.Reason.LOW_CONFIDENCE, draft.answer().map(AgentAnswer::confidence).orElse(null));
    }

    /**
     * A retryable failure with nothing sent gives the batch back for another attempt (the claim loop retries, then
     * dead-letters it). A send the platform refused for good (24 h window, token rejected, …) or that went out in
     * part ends the batch: its messages are failed with the reason, since trying again would fail again or repeat
     * what the customer saw.
     */
    private Uni<String> undelivered(ClaimedBatch batch, List<SendResult.SentPart> partsSent, SendFailure failure) {
        if (failure.retryable() && partsSent.isEmpty()) {
            return conversations.abandonSend(batch.id())
                    .flatMap(abandoned -> Uni.createFrom().failure(
                            new IllegalStateException("reply not sent: " + failure.reason())));
        }
        Log.warnf("batch %s marked failed: %s", batch.id(), failure.reason());
        return conversations.recordUndelivered(batch.id(), partsSent, failure.reason())
                .flatMap(recorded -> claimer.complete(batch))
                .replaceWith("send_failed");
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
