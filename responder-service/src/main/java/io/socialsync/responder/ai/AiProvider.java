package io.socialsync.responder.ai;

import io.smallrye.mutiny.Uni;

/** Writes the reply to one batch. Implementations: {@link OfflineKnowledgeProvider}, {@link OpenAiCompatibleProvider}. */
public interface AiProvider {

    /** A short name for metrics and logs. */
    String name();

    Uni<AgentAnswer> reply(AiRequest request);
}
