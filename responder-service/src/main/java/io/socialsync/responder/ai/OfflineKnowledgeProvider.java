package io.socialsync.responder.ai;

import io.smallrye.mutiny.Uni;

/**
 * Answers without any AI endpoint: with the tenant's best-matching knowledge passage, or with the configured
 * fallback sentence when nothing matches. It keeps the product useful (and the whole loop testable) offline.
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

    @Override
    public Uni<String> reply(AiRequest request) {
        return knowledge.passages(request.tenantId(), request.customerText(), 1)
                .map(passages -> passages.isEmpty() ? fallbackReply : passages.get(0).strip());
    }
}
