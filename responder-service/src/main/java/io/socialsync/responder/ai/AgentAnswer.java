package io.socialsync.responder.ai;

/**
 * What the agent wants to tell the customer, and how sure it is that the knowledge base supports it.
 *
 * @param text the reply to send, never blank
 * @param confidence 0 (a guess) to 1 (stated in the knowledge base)
 * @param needsHuman the agent could not answer from the knowledge base: the conversation goes to a person
 * @param promptTokens tokens the model read for this answer, as it reported them (0 when it reports none)
 * @param completionTokens tokens the model wrote for this answer (0 when it reports none)
 */
public record AgentAnswer(String text, double confidence, boolean needsHuman, int promptTokens,
        int completionTokens) {

    /** An answer whose token use is not known (the offline provider, tests). */
    public AgentAnswer(String text, double confidence, boolean needsHuman) {
        this(text, confidence, needsHuman, 0, 0);
    }

    public AgentAnswer {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an answer needs text");
        }
        confidence = Math.max(0, Math.min(1, confidence));
    }

    /** This answer with the token use the model reported for it. */
    AgentAnswer withUsage(int prompt, int completion) {
        return new AgentAnswer(text, confidence, needsHuman, prompt, completion);
    }
}
