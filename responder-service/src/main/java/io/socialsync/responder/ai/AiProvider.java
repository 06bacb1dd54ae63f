package io.socialsync.responder.ai;

import io.smallrye.mutiny.Uni;

/** Writes the reply to one batch. Implementations: {@link OfflineKnowledgeProvider}, {@link OpenAiCompatibleProvider}. */
public interface AiProvider {

    /** A short name for metrics and logs. */
    String name();

    Uni<AgentAnswer> reply(AiRequest request);

    /**
     * Whether a reply waits on a model elsewhere (seconds, costing this replica nothing meanwhile) rather than on work
     * of its own: the claim loop does not count batches waiting on a remote model among those it works on.
     */
    default boolean remote() {
        return false;
    }
}
