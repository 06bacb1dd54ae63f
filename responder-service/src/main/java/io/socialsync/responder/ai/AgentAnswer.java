package io.socialsync.responder.ai;

/**
 * What the agent wants to tell the customer, and how sure it is that the knowledge base supports it.
 *
 * @param text the reply to send, never blank
 * @param confidence 0 (a guess) to 1 (stated in the knowledge base)
 * @param needsHuman the agent could not answer from the knowledge base: the conversation goes to a person
 */
public record AgentAnswer(String text, double confidence, boolean needsHuman) {

    public AgentAnswer {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an answer needs text");
        }
        confidence = Math.max(0, Math.min(1, confidence));
    }
}
