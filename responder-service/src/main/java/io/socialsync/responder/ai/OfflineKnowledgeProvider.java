package io.socialsync.responder.ai;

import io.smallrye.mutiny.Uni;

/**
 * Answers without any AI endpoint: with the tenant's best-matching knowledge passage, or with the configured
 * fallback sentence when nothing matches. It keeps the product useful (and the whole loop testable) offline.
 * <p>
 * The fallback sentence promises that a person will follow up, so it is marked as needing a human: the
 * conversation is escalated exactly as when a model says it cannot answer.
 */
public class OfflineKnowledgeProvider implements AiProvider {

    private final KnowledgeSearch knowledge;
    private final String fallbackReply;

    public OfflineKnowledgeProvider(KnowledgeSearch knowledge, String fallbackReply) {
        this.knowledge = knowledge;
        this.fallbackReply = fallbackReply;
    }

    @Override
    public String name() {
        return "offline";
    }

    /**
     * The one passage for the batch itself; only when the batch alone matches nothing (a follow-up such as "and
     * tomorrow?") is the customer's previous message searched with it. Searching both at once, as a model's several
     * passages are, let the earlier question outrank a returning customer's new one.
     */
    @Override
    public Uni<AgentAnswer> reply(AiRequest request) {
        return knowledge.passages(request.tenantId(), request.customerText(), 1)
                .chain(own -> own.isEmpty() && !request.history().isEmpty()
                        ? knowledge.passages(request.tenantId(), request.retrievalText(), 1)
                        : Uni.createFrom().item(own))
                .map(passages -> passages.isEmpty()
                        ? new AgentAnswer(fallbackReply, 0, true)
                        : new AgentAnswer(passages.get(0).strip(), 1, false));
    }
}
