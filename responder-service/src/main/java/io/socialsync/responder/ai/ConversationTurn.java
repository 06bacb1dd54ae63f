package io.socialsync.responder.ai;

/** One earlier message of the conversation, as the model sees it: who said it, and what (media as a label). */
public record ConversationTurn(Speaker speaker, String text) {

    public enum Speaker {
        CUSTOMER, BUSINESS
    }
}
