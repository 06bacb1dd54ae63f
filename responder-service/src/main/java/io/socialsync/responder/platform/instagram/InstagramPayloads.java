package io.socialsync.responder.platform.instagram;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Request and answer bodies of the Instagram messaging API (PLATFORMS.md, Sending). */
final class InstagramPayloads {

    private InstagramPayloads() {
    }

    record Recipient(String id) {
    }

    record Text(String text) {
    }

    /** {@code messaging_type} and {@code tag} only for a person's reply after the 24-hour window. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TextMessage(Recipient recipient, @JsonProperty("messaging_type") String messagingType, String tag,
            Text message) {

        static TextMessage to(String recipient, String text) {
            return new TextMessage(new Recipient(recipient), null, null, new Text(text));
        }

        /** A person's reply up to 7 days after the customer's last message. */
        static TextMessage byHumanAgent(String recipient, String text) {
            return new TextMessage(new Recipient(recipient), "MESSAGE_TAG", "HUMAN_AGENT", new Text(text));
        }
    }

    /** An image or a file by URL: Instagram fetches it. No caption: a text follows as its own message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttachmentMessage(Recipient recipient, @JsonProperty("messaging_type") String messagingType, String tag,
            AttachmentBody message) {

        /** @param type {@code image} or {@code file} */
        static AttachmentMessage to(String recipient, String type, String url, boolean humanAgent) {
            return new AttachmentMessage(new Recipient(recipient), humanAgent ? "MESSAGE_TAG" : null,
                    humanAgent ? "HUMAN_AGENT" : null, new AttachmentBody(new Attachment(type, new Payload(url))));
        }
    }

    record AttachmentBody(Attachment attachment) {
    }

    record Attachment(String type, Payload payload) {
    }

    record Payload(String url) {
    }

    /** A sender action travels alone: only the recipient and the action. */
    record SenderAction(Recipient recipient, @JsonProperty("sender_action") String senderAction) {

        static SenderAction typingOn(String recipient) {
            return new SenderAction(new Recipient(recipient), "typing_on");
        }

        static SenderAction markSeen(String recipient) {
            return new SenderAction(new Recipient(recipient), "mark_seen");
        }
    }

    /** The answer to a send: {@code message_id} is the mid of what was sent. */
    record SendAnswer(@JsonProperty("recipient_id") String recipientId, @JsonProperty("message_id") String messageId) {
    }
}
