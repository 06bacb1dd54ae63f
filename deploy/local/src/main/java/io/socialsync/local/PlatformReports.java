package io.socialsync.local;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What Meta posts to the webhook, shaped like the real thing: after it delivered one of our sends, a WhatsApp
 * {@code statuses} delivery (with the send's {@code biz_opaque_callback_data}) or an Instagram {@code is_echo}; and
 * an Instagram customer's text message.
 */
final class PlatformReports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlatformReports() {
    }

    /** A WhatsApp status of the message {@code wamid} sent from {@code phoneNumberId} to {@code recipient}. */
    static byte[] whatsappStatus(String phoneNumberId, String wamid, String recipient, String status, String tag,
            Instant at) {
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode change = root.putArray("entry").addObject().put("id", "0").putArray("changes").addObject();
        ObjectNode value = change.putObject("value").put("messaging_product", "whatsapp");
        change.put("field", "messages");
        value.putObject("metadata").put("display_phone_number", "15550000000").put("phone_number_id", phoneNumberId);
        ObjectNode entry = value.putArray("statuses").addObject()
                .put("id", wamid)
                .put("status", status)
                .put("timestamp", Long.toString(at.getEpochSecond()))
                .put("recipient_id", recipient);
        if (tag != null) {
            entry.put("biz_opaque_callback_data", tag);
        }
        if (!"failed".equals(status)) {
            entry.putObject("pricing").put("billable", true).put("pricing_model", "PMP").put("category", "service");
        }
        return bytes(root);
    }

    /** The echo of a message the Instagram account {@code accountId} sent to {@code recipient}. */
    static byte[] instagramEcho(String accountId, String recipient, String mid, String text, Instant at) {
        ObjectNode root = JSON.createObjectNode().put("object", "instagram");
        ObjectNode entry = root.putArray("entry").addObject().put("time", at.toEpochMilli()).put("id", accountId);
        ObjectNode event = entry.putArray("messaging").addObject();
        event.putObject("sender").put("id", accountId);
        event.putObject("recipient").put("id", recipient);
        event.put("timestamp", at.toEpochMilli());
        event.putObject("message").put("mid", mid).put("text", text).put("is_echo", true);
        return bytes(root);
    }

    /** A customer's text message to the Instagram account, as Meta delivers it. */
    static byte[] instagramMessage(String accountId, String customer, String mid, String text, Instant at) {
        ObjectNode root = JSON.createObjectNode().put("object", "instagram");
        ObjectNode entry = root.putArray("entry").addObject().put("time", at.toEpochMilli()).put("id", accountId);
        ObjectNode event = entry.putArray("messaging").addObject();
        event.putObject("sender").put("id", customer);
        event.putObject("recipient").put("id", accountId);
        event.put("timestamp", at.toEpochMilli());
        event.putObject("message").put("mid", mid).put("text", text);
        return bytes(root);
    }

    private static byte[] bytes(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }
}
