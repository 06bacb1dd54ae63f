package io.socialsync.responder.handoff;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What the handoff endpoints read and write. */
public final class HandoffApi {

    private HandoffApi() {
    }

    /** A conversation as a person sees it in the queue; the customer's id is the platform's, needed to recognise them. */
    public record WaitingConversation(UUID id, String platform, String customerId, String customerName,
            boolean aiEnabled, String status, String reason, OffsetDateTime waitingSince,
            OffsetDateTime lastMessageAt) {
    }

    public record WaitingPage(List<WaitingConversation> conversations, int page, int size) {
    }

    /** Turns the AI on (back from a person) or off (a person takes over) for one conversation. */
    public record AiSwitch(@NotNull Boolean enabled) {
    }

    /** What a person writes to the customer. */
    public record OperatorReply(@NotBlank @Size(max = 20_000) String text) {
    }

    /** The reply as it went out: one platform message id per part. */
    public record SentReply(UUID conversationId, List<String> platformMessageIds) {
    }

    /**
     * One message of the conversation, oldest first.
     *
     * @param media the image, voice note or document it carries once stored, with a signed link; null for none
     */
    public record ConversationMessage(String direction, String type, String text, String status,
            OffsetDateTime sentAt, MessageMedia media) {
    }

    /** A stored media object of a message: its type, a document's name, and a link valid for 24 hours. */
    public record MessageMedia(UUID id, String contentType, String filename, String url) {
    }
}
