package io.socialsync.ingest.platform.whatsapp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.socialsync.ingest.account.EnvironmentAccount;
import io.socialsync.ingest.platform.meta.MetaVerifyToken;
import io.socialsync.ingest.webhook.AccountEvent;
import io.socialsync.ingest.webhook.ContactIdentity;
import io.socialsync.ingest.webhook.ConversationEvent;
import io.socialsync.ingest.webhook.Echo;
import io.socialsync.ingest.webhook.ExtractedMessage;
import io.socialsync.ingest.webhook.MalformedPayloadException;
import io.socialsync.ingest.webhook.MessageEdit;
import io.socialsync.ingest.webhook.PayloadFields;
import io.socialsync.ingest.webhook.StatusUpdate;
import io.socialsync.ingest.webhook.WebhookDelivery;
import io.socialsync.ingest.webhook.WebhookPlatform;
import io.socialsync.ingest.webhook.WebhookRequest;
import io.socialsync.model.HubSignature;
import io.socialsync.model.MediaReference;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessageType;

/**
 * WhatsApp Cloud API webhooks: {@code object: whatsapp_business_account}, routed on
 * {@code metadata.phone_number_id}; customers named by their business-scoped user id (BSUID) when the delivery
 * carries one, else their number, with every id they have attached ({@link ContactIdentity}). Messages become
 * {@link ExtractedMessage}s; revokes, edits, system messages, call-permission replies and welcome requests become
 * what they are (a deletion, an edit, a {@link ConversationEvent}, a welcome request), never a message for the AI.
 * Other fields: {@code smb_message_echoes} (coexistence: the business's own app), {@code calls},
 * {@code user_preferences}, {@code user_id_update}, and, routed on the business account, {@code account_update}
 * and the template webhooks.
 */
@ApplicationScoped
public class WhatsAppWebhook implements WebhookPlatform {

    private static final String OBJECT = "whatsapp_business_account";

    private final ObjectMapper json;
    private final HubSignature signature;
    private final MetaVerifyToken verifyToken;
    private final Optional<EnvironmentAccount> environmentAccount;

    public WhatsAppWebhook(ObjectMapper json, WhatsAppConfig config) {
        this.json = json;
        this.signature = HubSignature.forSecrets(config.webhookSecret());
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
        return signature.matches(request.header(HubSignature.HEADER).orElse(null), request.body());
    }

    @Override
    public WebhookDelivery extract(WebhookRequest request) {
        JsonNode root = PayloadFields.parse(json, request.body());
        if (!OBJECT.equals(root.path("object").asText())) {
            throw new MalformedPayloadException("not a WhatsApp Business Account delivery");
        }
        Items items = new Items();
        for (JsonNode entry : root.path("entry")) {
            String businessAccountId = PayloadFields.id(entry.path("id"));
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String field = change.path("field").asText("");
                String phoneNumberId = PayloadFields.id(value.path("metadata").path("phone_number_id"));
                if (ACCOUNT_FIELDS.contains(field)) {
                    accountEvent(businessAccountId, field, value, items);
                } else if (phoneNumberId == null) {
                    items.skipped++;
                } else {
                    switch (field) {
                        case "messages" -> messages(phoneNumberId, value, items);
                        case "smb_message_echoes" -> echoes(phoneNumberId, value, items);
                        case "calls" -> calls(phoneNumberId, value, items);
                        case "user_preferences" -> preferences(phoneNumberId, value, items);
                        case "user_id_update" -> userIdUpdates(phoneNumberId, value, items);
                        default -> items.skipped++;
                    }
                }
            }
        }
        return items.delivery();
    }

    /** What one delivery yields, gathered across its entries and changes. */
    private static final class Items {
        final List<ExtractedMessage> messages = new ArrayList<>();
        final List<StatusUpdate> statuses = new ArrayList<>();
        final List<Echo> echoes = new ArrayList<>();
        final List<MessageEdit> edits = new ArrayList<>();
        final List<ConversationEvent> events = new ArrayList<>();
        final List<AccountEvent> accountEvents = new ArrayList<>();
        int skipped;

        WebhookDelivery delivery() {
            return new WebhookDelivery(List.copyOf(messages), List.copyOf(statuses), List.copyOf(echoes),
                    List.copyOf(edits), List.copyOf(events), List.copyOf(accountEvents), skipped);
        }
    }

    private void messages(String phoneNumberId, JsonNode value, Items items) {
        Customers customers = Customers.of(value.path("contacts"));
        for (JsonNode message : value.path("messages")) {
            ContactIdentity identity = customers.sender(message.path("from"), message.path("from_user_id"));
            String id = PayloadFields.id(message.path("id"));
            if (identity == null || identity.preferredKey() == null || id == null) {
                items.skipped++;
                continue;
            }
            String customer = identity.preferredKey();
            Instant at = PayloadFields.epochSeconds(message.path("timestamp"));
            String type = message.path("type").asText("");
            JsonNode body = message.path(type);
            switch (type) {
                case "revoke" -> revoke(phoneNumberId, identity, body, at, StatusUpdate.DELETED, items);
                case "edit" -> edit(phoneNumberId, identity, body, at, items);
                case "system" -> system(phoneNumberId, identity, id, body, at, items);
                case "request_welcome" -> items.messages.add(ExtractedMessage.customer(phoneNumberId, customer,
                        customers.name(customer), id, UnifiedMessageType.WELCOME_REQUEST, null, null, null, at)
                        .withIdentity(identity));
                default -> {
                    if ("interactive".equals(type) && "call_permission_reply".equals(body.path("type").asText())) {
                        JsonNode reply = body.path("call_permission_reply");
                        items.events.add(new ConversationEvent(phoneNumberId, customer,
                                ConversationEvent.Kind.CALL_PERMISSION, attributes("response",
                                        PayloadFields.text(reply.path("response")), "permanent",
                                        reply.path("is_permanent").asText(null), "message_id", id),
                                at, identity));
                    } else {
                        items.messages.add(message(phoneNumberId, customers.name(customer), identity, id, message)
                                .withIdentity(identity));
                    }
                }
            }
        }
        for (JsonNode status : value.path("statuses")) {
            StatusUpdate update = status(phoneNumberId, status);
            if (update == null) {
                items.skipped++;
            } else {
                items.statuses.add(update);
            }
        }
        // Account-level errors (value.errors) carry no message of ours: counted, logged by the pipeline.
        items.skipped += value.path("errors").size();
    }

    /**
     * A deletion ({@code revoke.original_message_id}): of the customer's own message ({@code DELETED}), or in
     * coexistence of the business's ({@code DELETED_BY_BUSINESS}).
     */
    private static void revoke(String phoneNumberId, ContactIdentity identity, JsonNode revoke, Instant at,
            String deletion, Items items) {
        String original = PayloadFields.id(revoke.path("original_message_id"));
        if (original == null) {
            items.skipped++;
        } else {
            items.statuses.add(new StatusUpdate(phoneNumberId, original, deletion, null, at, identity.preferredKey(),
                    null, null, identity));
        }
    }

    /** An edit's new text: the edited message's body, or the caption of edited media. */
    private static void edit(String phoneNumberId, ContactIdentity identity, JsonNode edit, Instant at, Items items) {
        String original = PayloadFields.id(edit.path("original_message_id"));
        JsonNode message = edit.path("message");
        String type = message.path("type").asText("text");
        JsonNode body = message.path(type);
        String text = "text".equals(type)
                ? PayloadFields.text(body.path("body"))
                : PayloadFields.text(body.path("caption"));
        if (original == null) {
            items.skipped++;
        } else {
            items.edits.add(new MessageEdit(phoneNumberId, identity.preferredKey(), original, text, at, identity));
        }
    }

    /** System messages: the customer changed number or business-scoped id, or their marketing preference. */
    private static void system(String phoneNumberId, ContactIdentity identity, String messageId, JsonNode system,
            Instant at, Items items) {
        String customer = identity.preferredKey();
        String type = system.path("type").asText("");
        switch (type) {
            case "user_changed_number" -> items.events.add(new ConversationEvent(phoneNumberId, customer,
                    ConversationEvent.Kind.NUMBER_CHANGED,
                    attributes("new_wa_id", PayloadFields.id(system.path("wa_id")),
                            "new_user_id", PayloadFields.id(system.path("user_id")), "message_id", messageId),
                    at, identity));
            case "user_changed_user_id" -> items.events.add(new ConversationEvent(phoneNumberId, customer,
                    ConversationEvent.Kind.USER_ID_CHANGED,
                    attributes("new_user_id", PayloadFields.id(system.path("user_id")), "previous_user_id",
                            PayloadFields.id(system.path("previous_user_id")), "message_id", messageId),
                    at, identity));
            case "user_preference_changed" -> items.events.add(new ConversationEvent(phoneNumberId, customer,
                    ConversationEvent.Kind.PREFERENCES, attributes("category", "marketing_messages", "preference",
                            PayloadFields.text(system.path("marketing")), "message_id", messageId),
                    at, identity));
            default -> items.skipped++;
        }
    }

    /**
     * Coexistence: what the business wrote from the WhatsApp Business app on the same number ({@code from} is the
     * business, {@code to} / {@code to_user_id} the customer), including its edits and deletions.
     */
    private static void echoes(String phoneNumberId, JsonNode value, Items items) {
        for (JsonNode echo : value.path("message_echoes")) {
            ContactIdentity identity = new ContactIdentity(PayloadFields.id(echo.path("to")),
                    PayloadFields.id(echo.path("to_user_id")), null, null);
            String customer = identity.preferredKey();
            String id = PayloadFields.id(echo.path("id"));
            if (customer == null || id == null) {
                items.skipped++;
                continue;
            }
            Instant at = PayloadFields.epochSeconds(echo.path("timestamp"));
            String type = echo.path("type").asText("");
            JsonNode body = echo.path(type);
            switch (type) {
                case "revoke" -> revoke(phoneNumberId, identity, body, at, StatusUpdate.DELETED_BY_BUSINESS, items);
                case "edit" -> edit(phoneNumberId, identity, body, at, items);
                case "text" -> items.echoes.add(new Echo(phoneNumberId, customer, id,
                        PayloadFields.text(body.path("body")), at, identity));
                default -> {
                    String caption = PayloadFields.text(body.path("caption"));
                    items.echoes.add(new Echo(phoneNumberId, customer, id,
                            caption != null
                                    ? "[" + PayloadFields.label(type) + "] " + caption
                                    : "[" + PayloadFields.label(type) + "]",
                            at));
                }
            }
        }
    }

    /** Calling API: a call connected, ended or failed. Never answered; recorded on the conversation. */
    private static void calls(String phoneNumberId, JsonNode value, Items items) {
        Customers customers = Customers.of(value.path("contacts"));
        for (JsonNode call : value.path("calls")) {
            boolean fromCustomer = !"BUSINESS_INITIATED".equals(call.path("direction").asText());
            ContactIdentity identity = fromCustomer
                    ? customers.sender(call.path("from"), call.path("from_user_id"))
                    : customers.sender(call.path("to"), call.path("to_user_id"));
            String callId = PayloadFields.id(call.path("id"));
            if (identity == null || identity.preferredKey() == null || callId == null) {
                items.skipped++;
                continue;
            }
            items.events.add(new ConversationEvent(phoneNumberId, identity.preferredKey(),
                    ConversationEvent.Kind.CALL,
                    attributes("call_id", callId, "event", PayloadFields.text(call.path("event")), "status",
                            PayloadFields.text(call.path("status")), "direction",
                            PayloadFields.text(call.path("direction")), "duration",
                            call.path("duration").isMissingNode() ? null : call.path("duration").asText()),
                    PayloadFields.epochSeconds(call.path("timestamp")), identity));
        }
        for (JsonNode status : value.path("statuses")) {
            // A business-initiated call's progress (ringing, accepted, rejected) names its call in id.
            ContactIdentity identity = customers.sender(status.path("recipient_id"), status.path("recipient_user_id"));
            String callId = PayloadFields.id(status.path("id"));
            if (identity == null || identity.preferredKey() == null || callId == null) {
                items.skipped++;
                continue;
            }
            items.events.add(new ConversationEvent(phoneNumberId, identity.preferredKey(),
                    ConversationEvent.Kind.CALL, attributes("call_id", callId, "status",
                            PayloadFields.text(status.path("status")), "direction", "BUSINESS_INITIATED"),
                    PayloadFields.epochSeconds(status.path("timestamp"))));
        }
    }

    /** The customer stopped or resumed marketing messages. */
    private static void preferences(String phoneNumberId, JsonNode value, Items items) {
        Customers customers = Customers.of(value.path("contacts"));
        for (JsonNode preference : value.path("user_preferences")) {
            ContactIdentity identity = customers.sender(preference.path("wa_id"), preference.path("user_id"));
            if (identity == null || identity.preferredKey() == null) {
                items.skipped++;
                continue;
            }
            items.events.add(new ConversationEvent(phoneNumberId, identity.preferredKey(),
                    ConversationEvent.Kind.PREFERENCES,
                    attributes("category", PayloadFields.text(preference.path("category")), "preference",
                            PayloadFields.text(preference.path("value"))),
                    PayloadFields.epochSeconds(preference.path("timestamp")), identity));
        }
    }

    /**
     * A customer's business-scoped id changed. Read leniently (the field is new): the previous and new ids either as
     * {@code user_id.{previous,current}} or as {@code previous_user_id} / {@code user_id}.
     */
    private static void userIdUpdates(String phoneNumberId, JsonNode value, Items items) {
        for (JsonNode update : value.path("user_id_update")) {
            JsonNode userId = update.path("user_id");
            String previous = userId.isObject()
                    ? PayloadFields.id(userId.path("previous"))
                    : PayloadFields.id(update.path("previous_user_id"));
            String current = userId.isObject() ? PayloadFields.id(userId.path("current")) : PayloadFields.id(userId);
            String waId = PayloadFields.id(update.path("wa_id"));
            String known = waId != null ? waId : previous;
            if (known == null || current == null) {
                items.skipped++;
                continue;
            }
            items.events.add(new ConversationEvent(phoneNumberId, known, ConversationEvent.Kind.USER_ID_CHANGED,
                    attributes("new_user_id", current, "previous_user_id", previous),
                    PayloadFields.epochSeconds(update.path("timestamp")),
                    new ContactIdentity(waId, previous, null, null)));
        }
    }

    private static final Set<String> ACCOUNT_FIELDS = Set.of("account_update",
            "message_template_status_update", "message_template_quality_update", "template_category_update");

    /** News about the WhatsApp Business Account itself, routed on its id. */
    private static void accountEvent(String businessAccountId, String field, JsonNode value, Items items) {
        if (businessAccountId == null) {
            items.skipped++;
            return;
        }
        Instant at = Instant.now();
        String templateId = PayloadFields.id(value.path("message_template_id"));
        String name = PayloadFields.text(value.path("message_template_name"));
        String language = PayloadFields.text(value.path("message_template_language"));
        AccountEvent event = switch (field) {
            case "account_update" -> new AccountEvent(businessAccountId, AccountEvent.Kind.ACCOUNT_UPDATE,
                    attributes("event", PayloadFields.text(value.path("event")), "detail", accountDetail(value)), at);
            case "message_template_status_update" -> new AccountEvent(businessAccountId,
                    AccountEvent.Kind.TEMPLATE_STATUS, attributes("template_id", templateId, "name", name, "language",
                            language, "status", PayloadFields.text(value.path("event")), "reason",
                            PayloadFields.text(value.path("reason"))),
                    at);
            case "message_template_quality_update" -> new AccountEvent(businessAccountId,
                    AccountEvent.Kind.TEMPLATE_QUALITY, attributes("template_id", templateId, "name", name,
                            "language", language, "quality", PayloadFields.text(value.path("new_quality_score"))),
                    at);
            default -> new AccountEvent(businessAccountId, AccountEvent.Kind.TEMPLATE_CATEGORY,
                    attributes("template_id", templateId, "name", name, "language", language, "category",
                            PayloadFields.text(value.path("new_category"))),
                    at);
        };
        if (event.kind() != AccountEvent.Kind.ACCOUNT_UPDATE && templateId == null
                || event.kind() == AccountEvent.Kind.ACCOUNT_UPDATE && event.attributes().get("event") == null) {
            items.skipped++;
        } else {
            items.accountEvents.add(event);
        }
    }

    /** What an operator needs to read of an account update: the restriction, ban state or violation. */
    private static String accountDetail(JsonNode value) {
        StringJoiner detail = new StringJoiner("; ");
        for (JsonNode restriction : value.path("restriction_info")) {
            String type = PayloadFields.text(restriction.path("restriction_type"));
            if (type != null) {
                detail.add("restriction " + PayloadFields.label(type));
            }
        }
        String ban = PayloadFields.text(value.path("ban_info").path("waba_ban_state"));
        if (ban != null) {
            detail.add("ban state " + PayloadFields.label(ban));
        }
        String violation = PayloadFields.text(value.path("violation_info").path("violation_type"));
        if (violation != null) {
            detail.add("violation " + PayloadFields.label(violation));
        }
        return detail.length() == 0 ? null : detail.toString();
    }

    /** Name/value pairs without the absent ones. */
    private static Map<String, String> attributes(String... pairs) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                attributes.put(pairs[i], pairs[i + 1]);
            }
        }
        return Collections.unmodifiableMap(attributes);
    }

    /**
     * The customers a change names in {@code contacts[]}, found by any of their ids: a message's sender may name
     * itself by number, by BSUID, or by neither (system messages; then the only contact is it).
     */
    private record Customers(Map<String, ContactIdentity> byId, Map<String, String> names, ContactIdentity only) {

        static Customers of(JsonNode contacts) {
            Map<String, ContactIdentity> byId = new HashMap<>();
            Map<String, String> names = new HashMap<>();
            ContactIdentity first = null;
            for (JsonNode contact : contacts) {
                ContactIdentity identity = new ContactIdentity(PayloadFields.id(contact.path("wa_id")),
                        PayloadFields.id(contact.path("user_id")), PayloadFields.id(contact.path("parent_user_id")),
                        PayloadFields.text(contact.path("profile").path("username")));
                if (identity.preferredKey() == null) {
                    continue;
                }
                for (String[] id : identity.identifiers()) {
                    byId.put(id[0], identity);
                }
                names.put(identity.preferredKey(), PayloadFields.text(contact.path("profile").path("name")));
                first = first == null ? identity : first;
            }
            return new Customers(byId, names, contacts.size() == 1 ? first : null);
        }

        /** The sender's identity, completed with its contact entry; null when nothing names it. */
        ContactIdentity sender(JsonNode waIdNode, JsonNode userIdNode) {
            String waId = PayloadFields.id(waIdNode);
            String userId = PayloadFields.id(userIdNode);
            ContactIdentity listed = userId != null && byId.containsKey(userId)
                    ? byId.get(userId)
                    : waId != null ? byId.get(waId) : null;
            if (waId == null && userId == null) {
                return only;
            }
            return new ContactIdentity(waId, userId, null, null).orElse(listed);
        }

        String name(String customer) {
            return names.get(customer);
        }
    }

    /** One message of any type. */
    private static ExtractedMessage message(String phoneNumberId, String name, ContactIdentity identity, String id,
            JsonNode message) {
        String customer = identity.preferredKey();
        String type = message.path("type").asText("");
        JsonNode body = message.path(type);
        ExtractedMessage base = ExtractedMessage.customer(phoneNumberId, customer, name, id,
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
        JsonNode pricing = status.path("pricing");
        StatusUpdate.Pricing billed = pricing.isObject()
                ? new StatusUpdate.Pricing(pricing.path("billable").isBoolean()
                        ? pricing.path("billable").asBoolean()
                        : null, PayloadFields.text(pricing.path("pricing_model")),
                        PayloadFields.text(pricing.path("category")), PayloadFields.text(pricing.path("type")))
                : null;
        // The tag we sent with the message (our outbound row's id) comes back with each of its statuses.
        return new StatusUpdate(phoneNumberId, id, state, detail, PayloadFields.epochSeconds(status.path("timestamp")),
                PayloadFields.id(status.path("recipient_id")),
                PayloadFields.id(status.path("biz_opaque_callback_data")),
                billed);
    }
}
