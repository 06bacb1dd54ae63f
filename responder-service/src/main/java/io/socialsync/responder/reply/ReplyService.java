package io.socialsync.responder.reply;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.LogFields;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.agent.AgentContext;
import io.socialsync.responder.agent.AgentContextStore;
import io.socialsync.responder.agent.CreditLedger;
import io.socialsync.responder.agent.Escalations;
import io.socialsync.responder.agent.PromptBudget;
import io.socialsync.responder.ai.AgentAnswer;
import io.socialsync.responder.ai.AiProvider;
import io.socialsync.responder.ai.AiRequest;
import io.socialsync.responder.ai.ModelCalls;
import io.socialsync.responder.batch.BatchClaimer;
import io.socialsync.responder.batch.ClaimedBatch;
import io.socialsync.responder.batch.FinishResult;
import io.socialsync.responder.config.ResponderConfig;
import io.socialsync.responder.media.MediaUnderstanding;
import io.socialsync.responder.messaging.MessagingSettingsStore;
import io.socialsync.responder.messaging.ServiceWindows;
import io.socialsync.responder.platform.ReplyChannel;
import io.socialsync.responder.platform.ReplyChannels;
import io.socialsync.responder.platform.SendFailure;
import io.socialsync.responder.reply.ReplyOutcome.AlreadyEnded;
import io.socialsync.responder.reply.ReplyOutcome.Completed;
import io.socialsync.responder.reply.ReplyOutcome.DeadLetter;
import io.socialsync.responder.reply.ReplyOutcome.Recheck;
import io.socialsync.responder.reply.ReplyOutcome.Retry;

/**
 * Answers one claimed batch: typing indicator, AI reply within the conversation's budget and the tenant's credits,
 * record, send — or leaves the conversation to a person (AI paused, no credits, a person already asked for), or
 * holds it for an account that does not answer now. It answers what became of the batch as a {@link ReplyOutcome};
 * the claim loop alone completes, retries, rechecks or dead-letters the batch.
 * <p>
 * Exactly one reply per batch: every part of the reply is recorded (keyed by the batch id) before the first request,
 * and a batch claimed again resumes the recorded parts (confirmed, sent, or sent once more after the confirmation
 * wait) instead of asking the AI again. Fresh reply: a reply is not sent when the customer wrote again meanwhile.
 */
@ApplicationScoped
public class ReplyService {

    private final ReplyChannels channels;
    private final ConversationStore conversations;
    private final AccountCache accounts;
    private final AgentContextStore contexts;
    private final CreditLedger credits;
    private final Escalations escalations;
    private final AiProvider ai;
    private final ModelCalls modelCalls;
    private final BatchClaimer claimer;
    private final PartSender parts;
    private final PromptBudget budget;
    private final ReplyMetrics metrics;
    private final PlanNotice planNotice;
    private final MediaUnderstanding media;
    private final ServiceWindows windows;
    private final MessagingSettingsStore messaging;
    private final Duration generationBudget;

    /** What the reply to a batch will say, and the AI's answer when the AI wrote it (paid for; may escalate). */
    private record Draft(String text, Optional<AgentAnswer> answer) {

        boolean needsHuman() {
            return answer.map(AgentAnswer::needsHuman).orElse(false);
        }
    }

    public ReplyService(ReplyChannels channels, ConversationStore conversations, AccountCache accounts,
            AgentContextStore contexts,
            CreditLedger credits, Escalations escalations, AiProvider ai, ModelCalls modelCalls, BatchClaimer claimer,
            PartSender parts,
            PromptBudget budget, ReplyMetrics metrics, PlanNotice planNotice, ServiceWindows windows,
            MessagingSettingsStore messaging, MediaUnderstanding media, ResponderConfig config) {
        this.channels = channels;
        this.conversations = conversations;
        this.accounts = accounts;
        this.contexts = contexts;
        this.credits = credits;
        this.escalations = escalations;
        this.ai = ai;
        this.modelCalls = modelCalls;
        this.claimer = claimer;
        this.parts = parts;
        this.budget = budget;
        this.metrics = metrics;
        this.planNotice = planNotice;
        this.media = media;
        this.windows = windows;
        this.messaging = messaging;
        // Sending keeps its own share of the budget, so a generation that uses all of its share still ends in time.
        this.generationBudget = config.reply().budget().minus(config.reply().sendReserve());
    }

    public Uni<ReplyOutcome> answer(ClaimedBatch batch) {
        if (batch.messages().isEmpty()) {
            // The window expired or held nothing readable: nothing to say, nothing to keep.
            return Uni.createFrom().item(new Completed("empty"));
        }
        long started = System.nanoTime();
        UnifiedMessage last = batch.last();
        Platform platform = last.platform();
        metrics.lateness(platform, Duration.ofMillis(batch.latenessMillis()));
        Optional<ReplyChannel> found = channels.of(platform);
        if (found.isEmpty()) {
            metrics.failed(platform, "no_channel");
            return Uni.createFrom().item(new DeadLetter("no_channel", "no reply channel for " + platform.wire()));
        }
        ReplyChannel channel = found.get();
        // Only a batch claimed before can have a recorded reply: a first claim saves the round trip.
        Uni<List<RecordedPart>> recorded = batch.claimedBefore()
                ? conversations.recordedReply(batch.id())
                : Uni.createFrom().item(List.of());
        return recorded
                .flatMap(prior -> accounts.find(platform, last.accountId()).flatMap(account -> {
                    if (account.isEmpty()) {
                        Log.warnf("batch %s for unknown %s account %s dropped", batch.id(), platform.wire(),
                                last.accountId());
                        return conversations.markUnanswerable(batch.messageIds(), "no_account")
                                .replaceWith(new Completed("no_account"));
                    }
                    if (!prior.isEmpty()) {
                        return resume(batch, channel, account.get(), prior);
                    }
                    if (!account.get().active()) {
                        // Kept for when the account is connected again (the reconciler releases them).
                        return conversations.markHeld(batch.messageIds(), account.get().inactiveReason().orElseThrow())
                                .replaceWith(new Completed("held"));
                    }
                    return contexts.load(account.get().id(), last.contactId(), batch.messages())
                            .flatMap(context -> context.isEmpty()
                                    ? Uni.createFrom().failure(new IllegalStateException(
                                            "no stored conversation for batch " + batch.id()))
                                    : reply(batch, channel, account.get(), context.get(), started));
                }))
                .invoke(outcome -> {
                    Duration took = elapsed(started);
                    metrics.processed(platform, outcome.tag(), took);
                    // Account, batch id and the contact's pseudonym are fields of the batch's context (ClaimLoop).
                    MDC.put(LogFields.OUTCOME, outcome.tag());
                    MDC.put(LogFields.DURATION_MS, Long.toString(took.toMillis()));
                    Log.infof("conversation platform=%s messages=%d types=%s lateness=%d ms attempt=%d %s in %d ms",
                            platform.wire(), batch.messages().size(), types(batch), batch.latenessMillis(),
                            batch.attempts() + 1, outcome.tag(), took.toMillis());
                })
                .onFailure().invoke(failure -> {
                    if (failure instanceof TimeoutException) {
                        metrics.timedOut(platform);
                    }
                    metrics.failed(platform, failure.getClass().getSimpleName());
                    MDC.put(LogFields.OUTCOME, "failed");
                    MDC.put(LogFields.DURATION_MS, Long.toString(elapsed(started).toMillis()));
                    Log.errorf("conversation platform=%s failed after %d ms: %s", platform.wire(),
                            elapsed(started).toMillis(), failure.toString());
                });
    }

    /**
     * Answers the batch as it is stored now: what the customer deleted since it was enqueued is left out (and no
     * longer waits), what they edited is read with its new text.
     */
    private Uni<ReplyOutcome> reply(ClaimedBatch claimed, ReplyChannel channel, AccountCredentials account,
            AgentContext context, long started) {
        ClaimedBatch batch = claimed.withMessages(context.batch());
        if (batch.messages().size() < claimed.messages().size()) {
            Set<UUID> kept = Set.of(batch.messageIds());
            UUID[] deleted = claimed.messages().stream().map(UnifiedMessage::id).filter(id -> !kept.contains(id))
                    .toArray(UUID[]::new);
            Uni<Void> dropped = conversations.markDeleted(deleted);
            if (batch.messages().isEmpty()) {
                return dropped.replaceWith(new Completed("deleted"));
            }
            return dropped.flatMap(done -> answer(batch, channel, account, context, started));
        }
        return answer(batch, channel, account, context, started);
    }

    private Uni<ReplyOutcome> answer(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            AgentContext context, long started) {
        if (!context.aiEnabled()) {
            // A person has the conversation (switched off, or paused after their reply): its messages wait for them.
            return conversations.markAwaitingHuman(batch.id(), batch.messageIds())
                    .replaceWith(new Completed("handed_off"));
        }
        if (windows.closesBeforeReply(channel.serviceWindow(), newestSentAt(batch))) {
            // A reply could not reach the customer in time: no AI call, no charge; a person answers with a template.
            return toPerson(batch, context, Escalations.Reason.WINDOW_CLOSED);
        }
        if (batch.messages().stream().allMatch(ReplyService::isWelcomeRequest)) {
            return welcome(batch, channel, account, context);
        }
        return draft(batch, channel, account, context, started)
                .flatMap(draft -> {
                    if (draft.isEmpty()) {
                        return toPerson(batch, context, Escalations.Reason.NO_CREDITS);
                    }
                    if (draft.get().needsHuman() && context.awaitingPerson()) {
                        // The fallback went out once for this escalation: the person now sees these messages too.
                        return conversations.markAwaitingHuman(batch.id(), batch.messageIds())
                                .replaceWith(new Completed("awaiting_human"));
                    }
                    return sendIfCurrent(batch, channel, account, context, draft.get());
                });
    }

    /**
     * The AI's answer to the messages the plan allows and the token budget takes, with the plan notice in front when
     * the batch holds others; a batch of only such messages gets the notice and no AI call. Empty when the AI is
     * needed but the tenant's credits do not cover it. The AI must answer within the conversation's budget; the
     * customer sees the typing indicator while it writes (and only then: no reply, no indicator).
     */
    private Uni<Optional<Draft>> draft(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            AgentContext context, long started) {
        // The batch waits for its media (fetched, transcribed, read) within the media budget; that wait is not
        // taken from the AI's share of the budget.
        long waitStarted = System.nanoTime();
        return media.understand(account.tenantId(), batch.messages())
                .flatMap(understood -> draft(batch, understood, channel, account,
                        context, started + (System.nanoTime() - waitStarted)));
    }

    private Uni<Optional<Draft>> draft(ClaimedBatch batch, MediaUnderstanding.Understood understood,
            ReplyChannel channel, AccountCredentials account, AgentContext context, long started) {
        // A welcome request beside real messages asks nothing of its own: the AI answers the others.
        List<UnifiedMessage> asked = understood.messages().stream().filter(message -> !isWelcomeRequest(message))
                .toList();
        return budget.fit(context.systemPrompt(),
                planNotice.allowed(asked).stream().filter(understood::answerable).toList(), context.history())
                .flatMap(fitted -> draft(batch, understood, asked, fitted, channel, account, context, started));
    }

    private Uni<Optional<Draft>> draft(ClaimedBatch batch, MediaUnderstanding.Understood understood,
            List<UnifiedMessage> asked, PromptBudget.Fitted fitted, ReplyChannel channel, AccountCredentials account,
            AgentContext context, long started) {
        Platform platform = batch.last().platform();
        List<UnifiedMessage> shown = new ArrayList<>(asked);
        // A message too large for the model is refused like one over the plan's token limit: it gets the notice.
        fitted.oversized().forEach(message -> shown.set(shown.indexOf(message), refused(message)));
        Optional<String> notice = Optional.of(PlanNotice.compose(planNotice.noticeFor(shown), understood.notice()))
                .filter(text -> !text.isEmpty());
        if (fitted.messages().isEmpty()) {
            return Uni.createFrom()
                    .item(Optional.of(new Draft(PlanNotice.compose(notice, Optional.empty()), Optional.empty())));
        }
        if (!context.canAfford()) {
            return Uni.createFrom().item(Optional.empty());
        }
        AiRequest request = new AiRequest(context.tenantId(), context.systemPrompt(), fitted.history(),
                fitted.messages(), context.aiCallsPerBatch(), understood.images());
        UnifiedMessage last = batch.last();
        Uni<AgentAnswer> generation = Uni.createFrom()
                .deferred(() -> (ai.remote() ? modelCalls.waitFor(ai.reply(request)) : ai.reply(request))
                        .ifNoItem().after(remaining(started)).fail());
        return channel.sendTypingAndMarkRead(account, last.contactId(), last)
                .flatMap(typing -> TypingRefresh.whileRunning(channel, account, last, generation))
                .invoke(answer -> metrics.generated(platform, ai.name()))
                .map(answer -> Optional.of(new Draft(PlanNotice.compose(notice, Optional.of(answer.text())),
                        Optional.of(answer))));
    }

    private static UnifiedMessage refused(UnifiedMessage message) {
        return new UnifiedMessage(message.id(), message.platform(), message.accountId(), message.contactId(),
                message.platformMessageId(), message.type(), message.text(), message.media(), message.replyToId(),
                message.tokenCount(), message.receivedAt(), false);
    }

    /**
     * No AI reply (no credits, the window closed): the conversation goes to a person with the reason and is counted,
     * never dropped silently.
     */
    private Uni<ReplyOutcome> toPerson(ClaimedBatch batch, AgentContext context, Escalations.Reason reason) {
        Platform platform = batch.last().platform();
        metrics.escalated(platform, reason.wire());
        return escalations.escalate(context.tenantId(), context.conversationId(), batch.id(), reason, null)
                .flatMap(escalated -> conversations.markAwaitingHuman(batch.id(), batch.messageIds()))
                .replaceWith(new Completed(reason.wire()));
    }

    /**
     * A customer opened the chat (WhatsApp {@code request_welcome}): the account's welcome message goes out through
     * the same recorded parts as any reply, without the AI and without a charge; without one nothing is sent.
     */
    private Uni<ReplyOutcome> welcome(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            AgentContext context) {
        return messaging.of(account.id()).flatMap(settings -> settings.welcomeText().isPresent()
                ? sendIfCurrent(batch, channel, account, context,
                        new Draft(settings.welcomeText().get(), Optional.empty()))
                : conversations.markIgnored(batch.id(), batch.messageIds(),
                        "welcome request: no welcome message configured").replaceWith(new Completed("no_welcome")));
    }

    private static boolean isWelcomeRequest(UnifiedMessage message) {
        return message.type() == UnifiedMessageType.WELCOME_REQUEST;
    }

    /** When the customer last wrote, as far as this batch tells: its newest message. */
    private static Instant newestSentAt(ClaimedBatch batch) {
        return batch.messages().stream().map(UnifiedMessage::receivedAt).max(Comparator.naturalOrder())
                .orElseThrow();
    }

    private Duration remaining(long started) {
        Duration left = generationBudget.minus(elapsed(started));
        return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
    }

    /**
     * Sends the reply unless the customer wrote again meanwhile: charges the AI's reply to the tenant's credits
     * (once per batch), escalates when the AI said a person is needed (before the fallback goes out, so a resumed
     * send keeps the escalation), records every part, and sends them.
     */
    private Uni<ReplyOutcome> sendIfCurrent(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            AgentContext context, Draft draft) {
        Uni<FinishResult> fresh = batch.freshRuleUsed()
                ? Uni.createFrom().item(new FinishResult(FinishResult.Outcome.NOTHING_NEW, null, 0, List.of()))
                : claimer.supersedeIfNewMessages(batch);
        return fresh.flatMap(check -> {
            if (check.is(FinishResult.Outcome.DONE)) {
                // The messages wait in front of the new window; one reply will cover them all.
                return Uni.createFrom().item(new AlreadyEnded("superseded"));
            }
            if (check.is(FinishResult.Outcome.NOT_LEASED)) {
                return Uni.createFrom().item(new AlreadyEnded("lease_lost"));
            }
            List<String> texts = channel.split(draft.text());
            if (draft.answer().isPresent() && !draft.needsHuman() && !texts.isEmpty()) {
                // The common case: paid for and recorded in one transaction.
                return conversations.chargeAndBeginSend(context.tenantId(), context.creditsPerReply(), batch.id(),
                        batch.messageIds(), texts)
                        .flatMap(charged -> charged.charge() == CreditLedger.Charge.INSUFFICIENT
                                ? toPerson(batch, context, Escalations.Reason.NO_CREDITS)
                                : sendRecorded(batch, channel, account, charged.recorded(), "answered"));
            }
            Uni<CreditLedger.Charge> charge = draft.answer().isEmpty()
                    ? Uni.createFrom().item(CreditLedger.Charge.ALREADY_PAID)
                    : credits.chargeReply(context.tenantId(), batch.id(), context.creditsPerReply());
            return charge.flatMap(charged -> {
                if (charged == CreditLedger.Charge.INSUFFICIENT) {
                    return toPerson(batch, context, Escalations.Reason.NO_CREDITS);
                }
                Uni<Void> escalated = draft.needsHuman()
                        ? escalate(batch, context, draft)
                        : Uni.createFrom().voidItem();
                return escalated.flatMap(done -> send(batch, channel, account, draft));
            });
        });
    }

    private Uni<ReplyOutcome> send(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account, Draft draft) {
        List<String> texts = channel.split(draft.text());
        if (texts.isEmpty()) {
            return conversations.markUnanswerable(batch.messageIds(), "empty reply")
                    .replaceWith(new Completed("empty_reply"));
        }
        String answered = draft.needsHuman() ? "escalated" : "answered";
        return conversations.beginSend(batch.id(), batch.messageIds(), texts)
                .flatMap(recorded -> sendRecorded(batch, channel, account, recorded, answered));
    }

    /** Sends the parts just recorded; none recorded: this caller does not own the send. */
    private Uni<ReplyOutcome> sendRecorded(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            List<RecordedPart> recorded, String answeredTag) {
        if (recorded.isEmpty()) {
            // Answered by another attempt of this batch or, after a Redis data loss, by another batch.
            return Uni.createFrom().item(new Completed("duplicate"));
        }
        return parts.send(channel, account, batch.last().contactId(), recorded, true)
                .flatMap(progress -> settle(batch, channel, progress, answeredTag));
    }

    /**
     * The batch was claimed before and its reply recorded: the recorded parts are confirmed or sent (once more at
     * most), never written anew. On an account that stopped answering meanwhile they wait with the batch's messages.
     */
    private Uni<ReplyOutcome> resume(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account,
            List<RecordedPart> recorded) {
        if (recorded.stream().allMatch(part -> part.confirmed() || RecordedPart.FAILED.equals(part.status()))) {
            return settle(batch, channel, new PartSender.AllSent(false), "already_sent");
        }
        if (!account.active()) {
            boolean somePartSent = recorded.stream().anyMatch(RecordedPart::confirmed);
            return conversations.recordUnfinished(batch.id(), somePartSent ? "failed" : "held",
                    account.inactiveReason().orElseThrow()).replaceWith(new Completed("held"));
        }
        return parts.send(channel, account, batch.last().contactId(), recorded, false)
                .flatMap(progress -> settle(batch, channel, progress, "resumed"));
    }

    /** What the sending came to, recorded in PostgreSQL, as the batch's outcome. */
    private Uni<ReplyOutcome> settle(ClaimedBatch batch, ReplyChannel channel, PartSender.Progress progress,
            String answeredTag) {
        Platform platform = batch.last().platform();
        if (progress instanceof PartSender.AllSent sent) {
            return sent.answerRecorded()
                    ? Uni.createFrom().item(new Completed(answeredTag))
                    : conversations.recordAnswered(batch.id()).replaceWith(new Completed(answeredTag));
        }
        if (progress instanceof PartSender.Unconfirmed unconfirmed) {
            return Uni.createFrom().item(new Recheck("unconfirmed", unconfirmed.after()));
        }
        if (progress instanceof PartSender.NotSent notSent) {
            return Uni.createFrom().item(new Retry("not_sent", "reply not sent: " + notSent.failure().reason()));
        }
        if (progress instanceof PartSender.GaveUp gaveUp) {
            Log.errorf("batch %s: part %d stayed unconfirmed after it was sent again; a person decides", batch.id(),
                    gaveUp.part());
            metrics.escalated(platform, Escalations.Reason.SEND_UNCONFIRMED.wire());
            return conversations.recordUnfinished(batch.id(), "awaiting_human", "send_unconfirmed")
                    .flatMap(recorded -> escalations.escalateConversationOf(batch.id(),
                            Escalations.Reason.SEND_UNCONFIRMED))
                    .replaceWith(new Completed("send_unconfirmed"));
        }
        PartSender.Refused refused = (PartSender.Refused) progress;
        SendFailure failure = refused.failure();
        if (failure.credentialsRejected() && !refused.somePartSent()) {
            // Nothing reached the customer: the messages wait until the account is connected again.
            return conversations.recordUnfinished(batch.id(), "held", failure.reason())
                    .replaceWith(new Completed("held"));
        }
        if (channel.windowClosed(failure)) {
            // Not retried blindly: the conversation waits for a person, who may send the account's template.
            // The reason first: whoever sees the messages waiting also sees why.
            metrics.escalated(platform, Escalations.Reason.WINDOW_CLOSED.wire());
            return escalations.escalateConversationOf(batch.id(), Escalations.Reason.WINDOW_CLOSED)
                    .flatMap(escalated -> conversations.recordUnfinished(batch.id(), "awaiting_human",
                            failure.reason()))
                    .replaceWith(new Completed(Escalations.Reason.WINDOW_CLOSED.wire()));
        }
        Log.warnf("batch %s marked failed: %s", batch.id(), failure.reason());
        return conversations.recordUnfinished(batch.id(), "failed", failure.reason())
                .replaceWith(new Completed("send_failed"));
    }

    /** The AI could not answer from the knowledge base: its fallback goes out, and a person is asked for. */
    private Uni<Void> escalate(ClaimedBatch batch, AgentContext context, Draft draft) {
        metrics.escalated(batch.last().platform(), Escalations.Reason.LOW_CONFIDENCE.wire());
        return escalations.escalate(context.tenantId(), context.conversationId(), batch.id(),
                Escalations.Reason.LOW_CONFIDENCE, draft.answer().map(AgentAnswer::confidence).orElse(null));
    }

    private static String types(ClaimedBatch batch) {
        return batch.messages().stream().map(message -> message.type().wire()).distinct()
                .collect(Collectors.joining(","));
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
