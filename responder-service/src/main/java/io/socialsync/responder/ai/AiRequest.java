package io.socialsync.responder.ai;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.socialsync.model.UnifiedMessage;

/** What the AI answers: the whole batch of one customer, for one tenant. */
public record AiRequest(UUID tenantId, List<UnifiedMessage> messages) {

    /** The batch as the customer wrote it, one message per line; media described by type and caption. */
    public String customerText() {
        return messages.stream().map(AiRequest::describe).collect(Collectors.joining("\n"));
    }

    private static String describe(UnifiedMessage message) {
        String text = message.text() == null ? "" : message.text();
        return switch (message.type()) {
            case TEXT, INTERACTIVE -> text;
            default -> ("[" + message.type().wire() + "] " + text).strip();
        };
    }
}
