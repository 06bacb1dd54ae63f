package io.socialsync.responder.reply;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.batch.ClaimedBatch;
import io.socialsync.responder.config.ResponderConfig;
import io.socialsync.responder.platform.ReplyChannel;

/**
 * Answers the messages that ingest marked as not allowed ({@link UnifiedMessage#planAllowed()} false: a media type
 * outside the tenant's plan, a text over the token limit, a type we cannot read) with one polite notice per batch,
 * sent and recorded like any reply, and never shown to the AI. What is left for the AI is returned.
 */
@ApplicationScoped
public class PlanNotice {

    private final ConversationStore conversations;
    private final String notice;

    public PlanNotice(ConversationStore conversations, ResponderConfig config) {
        this.conversations = conversations;
        this.notice = config.gating().notice();
    }

    /** Sends the notice when the batch holds a message the plan does not allow. @return the allowed messages */
    public Uni<List<UnifiedMessage>> answerNotAllowed(ClaimedBatch batch, ReplyChannel channel,
            AccountCredentials account) {
        List<UnifiedMessage> notAllowed = batch.messages().stream().filter(message -> !message.planAllowed())
                .toList();
        List<UnifiedMessage> allowed = batch.messages().stream().filter(UnifiedMessage::planAllowed).toList();
        if (notAllowed.isEmpty()) {
            return Uni.createFrom().item(allowed);
        }
        String contactId = batch.last().contactId();
        return channel.sendText(account, contactId, notice)
                .flatMap(sentId -> conversations.recordReply(batch.id(), notAllowed, notice, sentId))
                .replaceWith(allowed);
    }
}
