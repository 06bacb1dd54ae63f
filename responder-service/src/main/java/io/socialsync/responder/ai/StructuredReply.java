package io.socialsync.responder.ai;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The model's structured answer: {@code {"reply": "...", "confidence": 0.0-1.0, "needs_human": false}}. Models
 * sometimes wrap JSON in a Markdown fence or add a sentence around it; the object is taken from the first
 * {@code {} to the last {@code }}. Anything without a usable {@code reply} is not an answer.
 */
final class StructuredReply {

    /** The instruction appended to every system prompt; the field names are what {@link #parse} reads. */
    static final String INSTRUCTION = """
            Answer with one JSON object and nothing else:
            {"reply": "<your message to the customer>", "confidence": <0.0-1.0>, "needs_human": <true|false>}
            confidence: how certain you are that the business information above supports your reply.
            needs_human: true when the business information does not answer the customer's question, or the \
            customer asks for a person; then tell the customer politely that a member of the team will follow up.""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StructuredReply() {
    }

    static Optional<AgentAnswer> parse(String content, double minConfidence) {
        if (content == null) {
            return Optional.empty();
        }
        int start = content.indexOf('{');
        int end = content.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(content.substring(start, end + 1));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        JsonNode reply = node.path("reply");
        if (!reply.isTextual() || reply.asText().isBlank()) {
            return Optional.empty();
        }
        // A missing confidence is not a claim of certainty.
        double confidence = node.path("confidence").isNumber() ? node.path("confidence").asDouble() : 0;
        boolean needsHuman = node.path("needs_human").asBoolean(false) || confidence < minConfidence;
        return Optional.of(new AgentAnswer(reply.asText().strip(), confidence, needsHuman));
    }
}
