package io.socialsync.local;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One customer text message as WhatsApp Cloud API delivers it to the webhook: the business account is
 * {@code metadata.phone_number_id}, the customer {@code messages[].from} and {@code contacts[].wa_id}.
 */
public record WhatsAppTextDelivery(String accountId, String from, String profileName, String wamid, String text,
        Instant sentAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A new message with a fresh message id, sent now. */
    public static WhatsAppTextDelivery fresh(String accountId, String from, String text) {
        return new WhatsAppTextDelivery(accountId, from, "Local Customer " + from, freshWamid(), text, Instant.now());
    }

    /** Real ids are base64 of an opaque value; a UUID keeps ours unique across runs against one database. */
    public static String freshWamid() {
        return "wamid.LOCAL" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }

    /** The exact bytes to sign and post; signing and posting the same array keeps the signature valid. */
    public byte[] body() {
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode change = root.putArray("entry").addObject().put("id", "0").putArray("changes").addObject();
        ObjectNode value = change.putObject("value").put("messaging_product", "whatsapp");
        change.put("field", "messages");
        value.putObject("metadata").put("display_phone_number", "15550000000").put("phone_number_id", accountId);
        ObjectNode contact = value.putArray("contacts").addObject();
        contact.putObject("profile").put("name", profileName);
        contact.put("wa_id", from);
        ObjectNode message = value.putArray("messages").addObject()
                .put("from", from)
                .put("id", wamid)
                .put("timestamp", Long.toString(sentAt.getEpochSecond()))
                .put("type", "text");
        message.putObject("text").put("body", text);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }
}
