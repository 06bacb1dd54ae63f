package io.socialsync.ingest.platform.whatsapp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.socialsync.ingest.account.EnvironmentAccount;
import io.socialsync.ingest.webhook.PayloadFields;
import io.socialsync.ingest.platform.meta.MetaSignature;
import io.socialsync.ingest.platform.meta.MetaVerifyToken;
import io.socialsync.ingest.webhook.ExtractedMessage;
import io.socialsync.ingest.webhook.MalformedPayloadException;
import io.socialsync.ingest.webhook.StatusUpdate;
import io.socialsync.ingest.webhook.WebhookDelivery;
import io.socialsync.ingest.webhook.WebhookPlatform;
import io.socialsync.ingest.webhook.WebhookRequest;
import io.socialsync.model.MediaReference;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessageType;

/**
 * WhatsApp Cloud API webhooks: {@code object: whatsapp_business_account}, routed on
 * {@code metadata.phone_number_id}, customers keyed on {@code wa_id} (else the business-scoped {@code user_id}).
 * Every message type becomes one {@link ExtractedMessage}; {@code statuses} become {@link StatusUpdate}s.
 */
@ApplicationScoped
public class WhatsAppWebhook implements WebhookPlatform {

    private static final String OBJECT = "whatsapp_business_account";

    private final ObjectMapper json;
    private final MetaSignature signature;
    private final MetaVerifyToken verifyToken;
    private final Optional<EnvironmentAccount> environmentAccount;

    public WhatsAppWebhook(ObjectMapper json, WhatsAppConfig config) {
        this.json = json;
        this.signature = MetaSignature.forSecrets(config.webhookSecret());
        this.verifyToken = new MetaVerifyToken(config.verifyToken());
        this.environmentAccount = EnvironmentAccount.of(Platform.WHATSAPP, config.accountId(), config.accessToken());
        if (!signature.configured()) {
            Log.warn("WHATSAPP_WEBHOOK_SECRET is not set: every WhatsApp delivery will be refused with 401");
        }
    }

    @Override
    public Platform platform() {
        return Platform.WHATSAPP;
    }

    @Override
    public Optional<EnvironmentAccount> environmentAccount() {
        return environmentAccount;
    }

    @Override
    public Optional<String> subscriptionChallenge(WebhookRequest request) {
        return verifyToken.challenge(request);
    }

    @Override
    public boolean verify(WebhookRequest request) {
        return signature.matches(request);
    }

    @Override
    public WebhookDelivery extract(WebhookRequest request) {
        JsonNode root = PayloadFields.parse(json, request.body());
        if (!OBJECT.equals(root.path("object").asText())) {
            throw new MalformedPayloadException("not a WhatsApp Business Account delivery");
        }
        List<ExtractedMessage> messages = new ArrayList<>();
        List<StatusUpdate> statuses = new ArrayList<>();
        int skipped = 0;
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String phoneNumberId = PayloadFields.id(value.path("metadata").path("phone_number_id"));
                if (!"messages".equals(change.path("field").asText()) || phoneNumberId == null) {
                    skipped++;
                    continue;
                }
                Map<String, String> names = contactNames(value.path("contacts"));
                String onlyContact = names.size() == 1 ? names.keySet().iterator().next() : null;
                for (JsonNode message : value.path("messages")) {
                    ExtractedMessage extracted = message(phoneNumberId, names, onlyContact, message);
                    if (extracted == null) {
                        skipped++;
                    } else {
                        messages.add(extracted);
                    }
                }
                for (JsonNode status : value.path("statuses")) {
                    StatusUpdate update = status(phoneNumberId, status);
                    if (update == null) {
                        skipped++;
                    } else {
                        statuses.add(update);
                    }
                }
                // Account-level errors (value.errors) carry no message of ours: counted, logged by the pipeline.
                skipped += value.path("errors").size();
            }
        }
        return new WebhookDelivery(List.copyOf(messages), List.copyOf(statuses), List.of(), skipped);
    }

    private static Map<String, String> contactNames(JsonNode contacts) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode contact : contacts) {
            String key = customerKey(contact.path("wa_id"), contact.path("user_id"));
            if (key != null) {
                names.put(key, PayloadFields.text(contact.path("profile").path("name")));
            }
        }
        return names;
    }

    /** {@code wa_id} (a phone number) when present, else the business-scoped user id. */
    private static String customerKey(JsonNode waId, JsonNode userId) {
        String key = PayloadFields.id(waId);
        return key != null ? key : PayloadFields.id(userId);
    }

    /** One message of any type, or null when it names no sender or no id. */
    private static ExtractedMessage message(String phoneNumberId, Map<String, String> names, String onlyContact,
            JsonNode message) {
        String customer = customerKey(message.path("from"), message.path("from_user_id"));
        if (customer == null) {
            customer = onlyContact;
        }
        String id = PayloadFields.id(message.path("id"));
        if (customer == null || id == null) {
            return null;
        }
        String type = message.path("type").asText("");
        JsonNode body = message.path(type);
        ExtractedMessage base = ExtractedMessage.customer(phoneNumberId, customer, names.get(customer), id,
                UnifiedMessageType.TEXT, null, null, PayloadFields.id(message.path("context").path("id")),
                PayloadFields.epochSeconds(message.path("timestamp")));
        ExtractedMessage read = switch (type) {
            case "text" -> with(base, UnifiedMessageType.TEXT, PayloadFields.text(body.path("body")), null);
            case "image" -> media(base, UnifiedMessageType.IMAGE, body, PayloadFields.text(body.path("caption")));
            case "video" -> media(base, UnifiedMessageType.VIDEO, body, PayloadFields.text(body.path("caption")));
            case "audio" -> media(base, UnifiedMessageType.AUDIO, body, null)
                    .withDetail(body.path("voice").asBoolean(false) ? "voice" : null);
            case "sticker" -> media(base, UnifiedMessageType.STICKER, body, null)
                    .withDetail(body.path("animated").asBoolean(false) ? "animated" : null);
            case "document" -> {
                String caption = PayloadFields.text(body.path("caption"));
                yield media(base, UnifiedMessageType.DOCUMENT, body,
                        caption != null ? caption : PayloadFields.text(body.path("filename")));
            }
            case "location" -> with(base, UnifiedMessageType.LOCATION, location(body), null);
            case "contacts" -> with(base, UnifiedMessageType.CONTACTS, contactCards(message.path("contacts")), null);
            case "interactive" -> with(base, UnifiedMessageType.INTERACTIVE, interactive(body), null)
                    .withDetail(PayloadFields.text(body.path("type")));
            case "button" -> with(base, UnifiedMessageType.INTERACTIVE, PayloadFields.text(body.path("text")), null)
                    .withDetail("button");
            case "reaction" -> reaction(base, body);
            default -> with(base, UnifiedMessageType.UNSUPPORTED, null, null).withDetail(unsupported(type, message));
        };
        return read;
    }

    private static ExtractedMessage with(ExtractedMessage base, UnifiedMessageType type, String text,
            MediaReference media) {
        return new ExtractedMessage(base.accountId(), base.contactId(), base.contactName(), base.platformMessageId(),
                type, text, media, base.replyToId(), base.sentAt(), true, null);
    }

    private static ExtractedMessage media(ExtractedMessage base, UnifiedMessageType type, JsonNode body,
            String text) {
        MediaReference media = new MediaReference(PayloadFields.id(body.path("id")),
                PayloadFields.text(body.path("url")),
                PayloadFields.text(body.path("mime_type")));
        return with(base, type, text, media);
    }

    /** A reaction points at the reacted message; a removal comes without {@code emoji}. Never answered. */
    private static ExtractedMessage reaction(ExtractedMessage base, JsonNode body) {
        String emoji = PayloadFields.text(body.path("emoji"));
        boolean removed = emoji == null || emoji.isEmpty();
        ExtractedMessage reaction = new ExtractedMessage(base.accountId(), base.contactId(), base.contactName(),
                base.platformMessageId(), UnifiedMessageType.REACTION, removed ? null : emoji, null,
                PayloadFields.id(body.path("message_id")), base.sentAt(), false, removed ? "unreact" : "react");
        return reaction;
    }

    private static String location(JsonNode location) {
        StringJoiner text = new StringJoiner(", ");
        for (String field : List.of("name", "address")) {
            String part = PayloadFields.text(location.path(field));
            if (part != null && !part.isBlank()) {
                text.add(part);
            }
        }
        if (location.path("latitude").isNumber() && location.path("longitude").isNumber()) {
            text.add(location.path("latitude").asDouble() + "," + location.path("longitude").asDouble());
        }
        return text.length() == 0 ? null : text.toString();
    }

    /** Shared contact cards as one line each: name and phone numbers. */
    private static String contactCards(JsonNode cards) {
        StringJoiner text = new StringJoiner("\n");
        for (JsonNode card : cards) {
            StringJoiner line = new StringJoiner(" ");
            String name = PayloadFields.text(card.path("name").path("formatted_name"));
            if (name != null) {
                line.add(name);
            }
            for (JsonNode phone : card.path("phones")) {
                String number = PayloadFields.text(phone.path("phone"));
                if (number != null) {
                    line.add(number);
                }
            }
            if (line.length() > 0) {
                text.add(line.toString());
            }
        }
        return text.length() == 0 ? null : text.toString();
    }

    /** The title the customer tapped: a reply button or a list row. */
    private static String interactive(JsonNode interactive) {
        String title = PayloadFields.text(interactive.path("button_reply").path("title"));
        return title != null ? title : PayloadFields.text(interactive.path("list_reply").path("title"));
    }

    /** Why a message could not be read: the type, and the platform's error code and title when it sent one. */
    private static String unsupported(String type, JsonNode message) {
        StringJoiner detail = new StringJoiner(" ");
        detail.add("type " + (type.isEmpty() ? "missing" : PayloadFields.label(type)));
        String inner = PayloadFields.text(message.path("unsupported").path("type"));
        if (inner != null) {
            detail.add("(" + inner + ")");
        }
        JsonNode error = message.path("errors").path(0);
        if (error.has("code")) {
            detail.add("error " + error.path("code").asText() + ": " + error.path("title").asText(""));
        }
        return detail.toString().replace("\u0000", "");
    }

    private static StatusUpdate status(String phoneNumberId, JsonNode status) {
        String id = PayloadFields.id(status.path("id"));
        String state = switch (status.path("status").asText("")) {
            case "sent" -> StatusUpdate.SENT;
            case "delivered" -> StatusUpdate.DELIVERED;
            case "read", "played" -> StatusUpdate.READ;
            case "failed" -> StatusUpdate.FAILED;
            default -> null;
        };
        if (id == null || state == null) {
            return null;
        }
        String detail = null;
        JsonNode error = status.path("errors").path(0);
        if (error.has("code")) {
            detail = PayloadFields.text(com.fasterxml.jackson.databind.node.TextNode
                    .valueOf("error " + error.path("code").asText() + ": " + error.path("title").asText("")));
        }
        // The tag we sent with the message (our outbound row's id) comes back with each of its statuses.
        return new StatusUpdate(phoneNumberId, id, state, detail, PayloadFields.epochSeconds(status.path("timestamp")),
                PayloadFields.id(status.path("recipient_id")),
                PayloadFields.id(status.path("biz_opaque_callback_data")));
    }
}
