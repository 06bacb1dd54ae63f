package io.socialsync.responder.ai;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Writes replies with an OpenAI-compatible chat model, grounded on the tenant's knowledge passages. Non-blocking
 * end to end, so a replica holds hundreds of generations in flight without a thread each.
 */
public class OpenAiCompatibleProvider implements AiProvider {

    private static final int MAX_TOKENS = 600;

    private final ChatCompletionsApi api;
    private final KnowledgeSearch knowledge;
    private final String authorization;
    private final String model;
    private final String systemPrompt;
    private final int passages;
    private final Duration timeout;

    OpenAiCompatibleProvider(ChatCompletionsApi api, KnowledgeSearch knowledge, String apiKey, String model,
            String systemPrompt, int passages, Duration timeout) {
        this.api = api;
        this.knowledge = knowledge;
        this.authorization = apiKey == null ? null : "Bearer " + apiKey;
        this.model = model;
        this.systemPrompt = systemPrompt;
        this.passages = passages;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "openai-compatible";
    }

    @Override
    public Uni<String> reply(AiRequest request) {
        String question = request.customerText();
        return knowledge.passages(request.tenantId(), question, passages)
                .flatMap(found -> api.complete(authorization, prompt(request.tenantId(), found, question)))
                .ifNoItem().after(timeout).fail()
                .map(completion -> {
                    String content = completion.firstContent();
                    if (content == null || content.isBlank()) {
                        throw new IllegalStateException("the model returned no text");
                    }
                    return content.strip();
                });
    }

    ChatCompletionsApi.Request prompt(UUID tenantId, List<String> found, String question) {
        StringBuilder system = new StringBuilder(systemPrompt);
        if (!found.isEmpty()) {
            system.append("\n\nBusiness information:\n");
            for (int i = 0; i < found.size(); i++) {
                system.append("[").append(i + 1).append("] ").append(found.get(i).strip()).append("\n");
            }
        }
        return new ChatCompletionsApi.Request(model,
                List.of(new ChatCompletionsApi.Message("system", system.toString()),
                        new ChatCompletionsApi.Message("user", question)),
                0.3, MAX_TOKENS);
    }
}
