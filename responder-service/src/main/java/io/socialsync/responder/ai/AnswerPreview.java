package io.socialsync.responder.ai;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.config.ResponderConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * "Try it": the answer the AI would give a customer who asks {@code question}, with the tenant's prompt and
 * knowledge, and the passages retrieval found for it. Nothing is sent, stored or charged.
 */
@ApplicationScoped
public class AnswerPreview {

    private static final String PROMPT = "SELECT system_prompt FROM tenants WHERE id = $1";

    /**
     * @param needsHuman the AI would hand the conversation to a person (not sure, nothing found)
     * @param passages what retrieval found, best first: the offline provider answers with the first, a model gets
     *        them all
     */
    public record Preview(String answer, boolean needsHuman, double confidence, List<String> passages) {
    }

    private final AiProvider provider;
    private final KnowledgeSearch knowledge;
    private final Pool pool;
    private final int passages;

    public AnswerPreview(AiProvider provider, KnowledgeSearch knowledge, Pool pool, ResponderConfig config) {
        this.provider = provider;
        this.knowledge = knowledge;
        this.pool = pool;
        this.passages = config.ai().passages();
    }

    public Uni<Preview> answer(UUID tenant, String question) {
        UnifiedMessage asked = new UnifiedMessage(UUID.randomUUID(), Platform.WHATSAPP, "preview", "preview",
                "preview-" + UUID.randomUUID(), UnifiedMessageType.TEXT, question, null, null, 0, Instant.now(), true);
        int shown = "offline".equals(provider.name()) ? 1 : passages;
        return pool.preparedQuery(PROMPT).execute(Tuple.of(tenant))
                .map(rows -> rows.size() == 0
                        ? Optional.<String>empty()
                        : Optional.ofNullable(rows.iterator().next().getString(0)))
                .flatMap(prompt -> provider.reply(new AiRequest(tenant, prompt, List.of(), List.of(asked), 1)))
                .flatMap(answer -> knowledge.passages(tenant, question, shown)
                        .map(found -> new Preview(answer.text(), answer.needsHuman(), answer.confidence(), found)));
    }
}
