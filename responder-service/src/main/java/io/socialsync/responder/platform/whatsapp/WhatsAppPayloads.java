package io.socialsync.responder.platform.whatsapp;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request bodies of the WhatsApp Cloud API (PLATFORMS.md, Sending). */
final class WhatsAppPayloads {

    static final String MESSAGING_PRODUCT = "whatsapp";

    private WhatsAppPayloads() {
    }

    record TextMessage(
            @JsonProperty("messaging_product") String messagingProduct,
            @JsonProperty("recipient_type") String recipientType,
            String to,
            String type,
            Text text,
            @JsonProperty("biz_opaque_callback_data") String callbackData) {

        /** @param tag returned as {@code biz_opaque_callback_data} in the statuses of this message (≤ 512 chars) */
        static TextMessage to(String recipient, String body, String tag) {
            return new TextMessage(MESSAGING_PRODUCT, "individual", recipient, "text", new Text(false, body), tag);
        }
    }

    record Text(@JsonProperty("preview_url") boolean previewUrl, String body) {
    }

    /** Marks a message read and shows the typing indicator until the reply (or about 25 s). */
    record ReadReceipt(
            @JsonProperty("messaging_product") String messagingProduct,
            String status,
            @JsonProperty("message_id") String messageId,
            @JsonProperty("typing_indicator") TypingIndicator typingIndicator) {

        static ReadReceipt withTyping(String messageId) {
            return new ReadReceipt(MESSAGING_PRODUCT, "read", messageId, new TypingIndicator("text"));
        }
    }

    record TypingIndicator(String type) {
    }
}
