package io.socialsync.responder.ai;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.socialsync.model.UnifiedMessage;

/**
 * What the agent answers: the whole batch of one customer, with the conversation so far, for one tenant.
 *
 * @param systemPrompt the tenant's own instructions; empty = the configured default
 * @param history earlier messages of the conversation, oldest first, without the batch
 * @param maxCalls how many model calls the tenant's plan allows for this batch (at least 1)
 * @param images the batch's images for a model that accepts image parts (signed links or data URLs); may be empty
 */
public record AiRequest(UUID tenantId, Optional<String> systemPrompt, List<ConversationTurn> history,
        List<UnifiedMessage> messages, int maxCalls, List<String> images) {

    public AiRequest {
        systemPrompt = systemPrompt.filter(prompt -> !prompt.isBlank());
        history = List.copyOf(history);
        messages = List.copyOf(messages);
        maxCalls = Math.max(1, maxCalls);
        images = List.copyOf(images);
    }

    /** A request without images. */
    public AiRequest(UUID tenantId, Optional<String> systemPrompt, List<ConversationTurn> history,
            List<UnifiedMessage> messages, int maxCalls) {
        this(tenantId, systemPrompt, history, messages, maxCalls, List.of());
    }

    /** A request with no history and the default prompt. */
    public static AiRequest of(UUID tenantId, List<UnifiedMessage> messages) {
        return new AiRequest(tenantId, Optional.empty(), List.of(), messages, 1);
    }

    /** The batch as the customer wrote it, one message per line; media described by type and caption. */
    public String customerText() {
        return messages.stream().map(AiRequest::describe).collect(Collectors.joining("\n"));
    }

    /**
     * What knowledge is searched with: the batch, plus the customer's last earlier message, since a follow-up
     * ("and in 42?") rarely repeats what it is about.
     */
    public String retrievalText() {
        String previous = history.stream().filter(turn -> turn.speaker() == ConversationTurn.Speaker.CUSTOMER)
                .reduce((first, second) -> second).map(ConversationTurn::text).orElse("");
        return (previous + "\n" + customerText()).strip();
    }

    static String describe(UnifiedMessage message) {
        String text = message.text() == null ? "" : message.text();
        return switch (message.type()) {
            case TEXT, INTERACTIVE -> text;
            default -> ("[" + message.type().wire() + "] " + text).strip();
        };
    }
}
