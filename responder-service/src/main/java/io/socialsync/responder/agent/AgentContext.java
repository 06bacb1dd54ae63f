package io.socialsync.responder.agent;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.socialsync.model.UnifiedMessage;

import io.socialsync.responder.ai.ConversationTurn;

/**
 * What the reply path needs to know about a batch's tenant and conversation before it asks the AI.
 *
 * @param systemPrompt the tenant's own instructions, if any
 * @param aiCallsPerBatch the plan's limit on model calls for one batch
 * @param creditsPerReply what one AI reply costs on the tenant's plan
 * @param creditBalance the balance when the context was read (a gate, not a reservation)
 * @param aiEnabled false while the AI is switched off on the conversation, or paused after a person's reply
 * @param awaitingPerson an escalation is open: a person was already asked for, so the fallback is not sent again
 * @param history the conversation before this batch, oldest first
 * @param batch the batch's messages as they are stored now, in batch order: a message the customer deleted meanwhile
 *        is gone, an edited one carries its new text
 */
public record AgentContext(UUID tenantId, UUID conversationId, Optional<String> systemPrompt, int aiCallsPerBatch,
        int creditsPerReply, long creditBalance, boolean aiEnabled, boolean awaitingPerson,
        List<ConversationTurn> history, List<UnifiedMessage> batch) {

    public boolean canAfford() {
        return creditBalance >= creditsPerReply;
    }
}
