package io.socialsync.responder.platform.whatsapp;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Request bodies of the WhatsApp Cloud API (PLATFORMS.md, Sending). */
final class WhatsAppPayloads {

    static final String MESSAGING_PRODUCT = "whatsapp";

    private WhatsAppPayloads() {
    }

    /** {@code to} (phone number) or {@code recipient} (business-scoped user id): the other one is left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TextMessage(
            @JsonProperty("messaging_product") String messagingProduct,
            @JsonProperty("recipient_type") String recipientType,
            String to,
            String recipient,
            String type,
            Text text,
            @JsonProperty("biz_opaque_callback_data") String callbackData) {

        /** @param tag returned as {@code biz_opaque_callback_data} in the statuses of this message (≤ 512 chars) */
        static TextMessage to(WhatsAppRecipients.Address address, String body, String tag) {
            return new TextMessage(MESSAGING_PRODUCT, "individual", address.to(), address.recipient(), "text",
                    new Text(false, body), tag);
        }
    }

    record Text(@JsonProperty("preview_url") boolean previewUrl, String body) {
    }

    /** An approved template: what may go out after the 24-hour customer-service window closed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TemplateMessage(
            @JsonProperty("messaging_product") String messagingProduct,
            @JsonProperty("recipient_type") String recipientType,
            String to,
            String recipient,
            String type,
            Template template,
            @JsonProperty("biz_opaque_callback_data") String callbackData) {

        /** @param bodyParameter the text of the body's {{1}}, or null for a template without parameters */
        static TemplateMessage to(WhatsAppRecipients.Address address, String name, String language,
                String bodyParameter, String tag) {
            List<Component> components = bodyParameter == null
                    ? null
                    : List.of(new Component("body", List.of(new Parameter("text", bodyParameter))));
            return new TemplateMessage(MESSAGING_PRODUCT, "individual", address.to(), address.recipient(), "template",
                    new Template(name, new Language(language), components), tag);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Template(String name, Language language, List<Component> components) {
    }

    record Language(String code) {
    }

    record Component(String type, List<Parameter> parameters) {
    }

    record Parameter(String type, String text) {
    }

    /**
     * An image or a document, by link (Meta fetches it) or by the id of an upload ({@code POST /{phone}/media}); the
     * other kind's field is left out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MediaMessage(
            @JsonProperty("messaging_product") String messagingProduct,
            @JsonProperty("recipient_type") String recipientType,
            String to,
            String recipient,
            String type,
            Media image,
            Media document,
            @JsonProperty("biz_opaque_callback_data") String callbackData) {

        /** @param type {@code image} or {@code document} */
        static MediaMessage to(WhatsAppRecipients.Address address, String type, Media media, String tag) {
            boolean image = "image".equals(type);
            return new MediaMessage(MESSAGING_PRODUCT, "individual", address.to(), address.recipient(), type,
                    image ? media : null, image ? null : media, tag);
        }
    }

    /** {@code link} or {@code id}; {@code filename} for documents only; {@code caption} optional. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Media(String link, String id, String caption, String filename) {
    }

    /** The answer to a media upload: the id a message sends it by. */
    record UploadedMedia(String id) {
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
