package io.socialsync.responder.ai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Writes replies with an OpenAI-compatible chat model, grounded on the tenant's knowledge passages and the
 * conversation so far. Non-blocking end to end, so a replica holds hundreds of generations in flight without a
 * thread each.
 * <p>
 * The model answers in JSON with a confidence ({@link StructuredReply}). An unusable answer (no JSON, no reply)
 * is asked again while the tenant's plan allows more calls for the batch; after that the batch fails and is retried
 * or dead-lettered like any other failure, rather than sending the customer something malformed.
 */
public class OpenAiCompatibleProvider implements AiProvider {

    private static final int MAX_TOKENS = 600;

    private final ChatCompletionsApi api;
    private final KnowledgeSearch knowledge;
    private final String authorization;
    private final Settings settings;

    /** What the provider is told at start. */
    record Settings(String model, String defaultSystemPrompt, int passages, Duration timeout, double minConfidence,
            boolean jsonMode) {
    }

    OpenAiCompatibleProvider(ChatCompletionsApi api, KnowledgeSearch knowledge, String apiKey, Settings settings) {
        this.api = api;
        this.knowledge = knowledge;
        this.authorization = apiKey == null ? null : "Bearer " + apiKey;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "openai-compatible";
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public Uni<AgentAnswer> reply(AiRequest request) {
        return knowledge.passages(request.tenantId(), request.retrievalText(), settings.passages())
                .flatMap(found -> attempt(prompt(request, found), 1, request.maxCalls()));
    }

    private Uni<AgentAnswer> attempt(ChatCompletionsApi.Request prompt, int call, int maxCalls) {
        return api.complete(authorization, prompt)
                .ifNoItem().after(settings.timeout()).fail()
                .flatMap(completion -> StructuredReply.parse(completion.firstContent(), settings.minConfidence())
                        .map(answer -> Uni.createFrom().item(completion.usage() == null
                                ? answer
                                : answer.withUsage(completion.usage().promptTokens(),
                                        completion.usage().completionTokens())))
                        .orElseGet(() -> {
                            if (call >= maxCalls) {
                                return Uni.createFrom().failure(new IllegalStateException(
                                        "the model gave no usable answer in " + call + " call(s)"));
                            }
                            Log.warnf("the model's answer was not the requested JSON (call %d of %d); asking again",
                                    call, maxCalls);
                            return attempt(prompt, call + 1, maxCalls);
                        }));
    }

    ChatCompletionsApi.Request prompt(AiRequest request, List<String> found) {
        StringBuilder system = new StringBuilder(request.systemPrompt().orElse(settings.defaultSystemPrompt()));
        system.append("\n\nBusiness information:\n");
        if (found.isEmpty()) {
            system.append("(nothing in the knowledge base matches this question)\n");
        }
        for (int i = 0; i < found.size(); i++) {
            system.append("[").append(i + 1).append("] ").append(found.get(i).strip()).append("\n");
        }
        system.append("\n").append(StructuredReply.INSTRUCTION);

        List<ChatCompletionsApi.Message> messages = new ArrayList<>();
        messages.add(new ChatCompletionsApi.Message("system", system.toString()));
        for (ConversationTurn turn : request.history()) {
            messages.add(new ChatCompletionsApi.Message(
                    turn.speaker() == ConversationTurn.Speaker.CUSTOMER ? "user" : "assistant", turn.text()));
        }
        if (request.images().isEmpty()) {
            messages.add(new ChatCompletionsApi.Message("user", request.customerText()));
        } else {
            List<ChatCompletionsApi.ContentPart> parts = new ArrayList<>();
            parts.add(ChatCompletionsApi.ContentPart.text(request.customerText()));
            request.images().forEach(url -> parts.add(ChatCompletionsApi.ContentPart.image(url)));
            messages.add(new ChatCompletionsApi.Message("user", parts));
        }
        return new ChatCompletionsApi.Request(settings.model(), messages, 0.3, MAX_TOKENS,
                settings.jsonMode() ? ChatCompletionsApi.ResponseFormat.JSON_OBJECT : null);
    }
}
