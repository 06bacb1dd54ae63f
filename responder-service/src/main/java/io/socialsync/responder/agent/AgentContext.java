package io.socialsync.responder.agent;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.socialsync.responder.ai.ConversationTurn;

/**
 * What the reply path needs to know about a batch's tenant and conversation before it asks the AI.
 *
 * @param systemPrompt the tenant's own instructions, if any
 * @param aiCallsPerBatch the plan's limit on model calls for one batch
 * @param creditsPerReply what one AI reply costs on the tenant's plan
 * @param creditBalance the balance when the context was read (a gate, not a reservation)
 * @param aiEnabled false once the conversation is handed to a human
 * @param history the conversation before this batch, oldest first
 */
public record AgentContext(UUID tenantId, UUID conversationId, Optional<String> systemPrompt, int aiCallsPerBatch,
        int creditsPerReply, long creditBalance, boolean aiEnabled, List<ConversationTurn> history) {

    public boolean canAfford() {
        return creditBalance >= creditsPerReply;
    }
}
