package io.socialsync.ingest.platform.telegram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.account.EnvironmentAccount;
import io.socialsync.ingest.webhook.ConversationEvent;
import io.socialsync.ingest.webhook.Echo;
import io.socialsync.ingest.webhook.ExtractedMessage;
import io.socialsync.ingest.webhook.MalformedPayloadException;
import io.socialsync.ingest.webhook.MessageEdit;
import io.socialsync.ingest.webhook.PayloadFields;
import io.socialsync.ingest.webhook.WebhookDelivery;
import io.socialsync.ingest.webhook.WebhookPlatform;
import io.socialsync.ingest.webhook.WebhookRequest;
import io.socialsync.model.MediaReference;
import io.socialsync.model.Platform;
import io.socialsync.model.TelegramChats;
import io.socialsync.model.UnifiedMessageType;

/**
 * Telegram Bot API webhooks at {@code /webhooks/telegram/{bot_id}}: one {@code Update} per request, verified by its
 * {@code X-Telegram-Bot-Api-Secret-Token}. Private chats only: customer messages of every kind, button taps
 * ({@code callback_query}), edits, the customer blocking or unblocking the bot ({@code my_chat_member}), and a
 * Telegram Business owner's chats answered on their behalf ({@code business_message}, where the owner's own messages
 * are echoes). Groups and channels are ignored and counted.
 *
 * <p>
 * Telegram numbers messages per chat, so a message's id is {@code <chat id>:<message id>}
 * ({@link TelegramChats}): a redelivered update (Telegram retries until it gets a 2xx) finds its message stored.
 */
@ApplicationScoped
public class TelegramWebhook implements WebhookPlatform {

    /** {@code callback_query} taps are keyed on the query's own id, which Telegram makes unique. */
    static final String CALLBACK_PREFIX = "callback:";
    private static final String PRIVATE = "private";

    private final ObjectMapper json;
    private final TelegramSecretToken secret;
    private final TelegramCallbacks callbacks;
    private final MeterRegistry registry;
    private final Optional<EnvironmentAccount> environmentAccount;

    public TelegramWebhook(ObjectMapper json, TelegramConfig config, TelegramCallbacks callbacks,
            MeterRegistry registry) {
        this.json = json;
        this.callbacks = callbacks;
        this.registry = registry;
        this.secret = new TelegramSecretToken(config.webhookSecret());
        this.environmentAccount = EnvironmentAccount.of(Platform.TELEGRAM, config.accountId(),
                config.accessToken());
        if (!secret.configured()) {
            Log.warn("TELEGRAM_WEBHOOK_SECRET is not set: every Telegram delivery will be refused with 401");
        }
    }

    @Override
    public Platform platform() {
        return Platform.TELEGRAM;
    }

    @Override
    public boolean routesByAccount() {
        return true;
    }

    @Override
    public Optional<EnvironmentAccount> environmentAccount() {
        return environmentAccount;
    }

    @Override
    public boolean verify(WebhookRequest request) {
        return secret.matches(request);
    }

    /** A tap on a button is answered at once ({@code answerCallbackQuery}), so the customer's client stops waiting. */
    @Override
    public void messageStored(Account account, ExtractedMessage message) {
        if (message.platformMessageId().startsWith(CALLBACK_PREFIX)) {
            callbacks.answerInBackground(account.id(),
                    message.platformMessageId().substring(CALLBACK_PREFIX.length()));
        }
    }

    @Override
    public WebhookDelivery extract(WebhookRequest request) {
        String botId = request.routeAccount().filter(id -> id.chars().allMatch(Character::isDigit))
                .orElseThrow(() -> new MalformedPayloadException("the route names no bot id"));
        JsonNode update = PayloadFields.parse(json, request.body());
        if (PayloadFields.id(update.path("update_id")) == null) {
            throw new MalformedPayloadException("not a Telegram update");
        }
        Builder delivery = new Builder(botId);
        if (update.has("message")) {
            delivery.message(update.get("message"), Optional.empty());
        } else if (update.has("business_message")) {
            JsonNode message = update.get("business_message");
            delivery.message(message, Optional.ofNullable(PayloadFields.id(message.path("business_connection_id"))));
        } else if (update.has("edited_message")) {
            delivery.edit(update.get("edited_message"), Optional.empty());
        } else if (update.has("edited_business_message")) {
            JsonNode message = update.get("edited_business_message");
            delivery.edit(message, Optional.ofNullable(PayloadFields.id(message.path("business_connection_id"))));
        } else if (update.has("callback_query")) {
            delivery.callback(update.get("callback_query"));
        } else if (update.has("my_chat_member")) {
            delivery.membership(update.get("my_chat_member"));
        } else {
            // business_connection needs no state: every business message names its connection, which the reply
            // carries. Everything else (inline queries, polls, …) is not a conversation with a customer.
            delivery.ignore(firstField(update));
        }
        return delivery.build();
    }

    private static String firstField(JsonNode update) {
        var names = update.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!"update_id".equals(name)) {
                return PayloadFields.label(name);
            }
        }
        return "empty";
    }

    /** The items of one update, counted as they are read. */
    private final class Builder {

        private final String botId;
        private final List<ExtractedMessage> messages = new ArrayList<>();
        private final List<Echo> echoes = new ArrayList<>();
        private final List<MessageEdit> edits = new ArrayList<>();
        private final List<ConversationEvent> events = new ArrayList<>();
        private int skipped;

        Builder(String botId) {
            this.botId = botId;
        }

        WebhookDelivery build() {
            return new WebhookDelivery(List.copyOf(messages), List.of(), List.copyOf(echoes), List.copyOf(edits),
                    List.copyOf(events), skipped);
        }

        void ignore(String reason) {
            skipped++;
            registry.counter("socialsync.webhook.updates.ignored", "platform", Platform.TELEGRAM.wire(), "reason",
                    reason).increment();
        }

        /** A private chat's id, or null (and counted) for a group, supergroup or channel. */
        private String privateChat(JsonNode chat) {
            String type = PayloadFields.text(chat.path("type"));
            if (!PRIVATE.equals(type)) {
                ignore(type == null
                        ? "no_chat"
                        : type.toLowerCase(Locale.ROOT).equals("supergroup")
                                ? "group"
                                : PayloadFields.label(type));
                return null;
            }
            String chatId = PayloadFields.id(chat.path("id"));
            if (chatId == null) {
                ignore("no_chat");
            }
            return chatId;
        }

        void message(JsonNode message, Optional<String> connection) {
            String chatId = privateChat(message.path("chat"));
            String messageId = PayloadFields.id(message.path("message_id"));
            if (chatId == null) {
                return;
            }
            if (messageId == null) {
                ignore("no_message_id");
                return;
            }
            String contactId = TelegramChats.contactId(chatId, connection);
            String key = TelegramChats.messageKey(chatId, messageId);
            Instant sentAt = PayloadFields.epochSeconds(message.path("date"));
            String senderId = PayloadFields.id(message.path("from").path("id"));
            if (connection.isPresent() && !chatId.equals(senderId)) {
                // In a business chat whatever the customer did not write was sent from the owner's account: the
                // owner answering by hand, or our own reply (matched by its message id).
                echoes.add(new Echo(botId, contactId, key, content(message).text(), sentAt));
                return;
            }
            if (message.path("from").path("is_bot").asBoolean(false)) {
                ignore("from_bot");
                return;
            }
            Content content = content(message);
            String replyTo = PayloadFields.id(message.path("reply_to_message").path("message_id"));
            ExtractedMessage extracted = ExtractedMessage.customer(botId, contactId, name(message.path("from")), key,
                    content.type(), content.text(), content.media(),
                    replyTo == null ? null : TelegramChats.messageKey(chatId, replyTo), sentAt);
            messages.add(content.detail() == null ? extracted : extracted.withDetail(content.detail()));
        }

        void edit(JsonNode message, Optional<String> connection) {
            String chatId = privateChat(message.path("chat"));
            String messageId = PayloadFields.id(message.path("message_id"));
            if (chatId == null) {
                return;
            }
            String senderId = PayloadFields.id(message.path("from").path("id"));
            if (messageId == null || !chatId.equals(senderId)) {
                // Only the customer's own edits change what they asked; the owner's edits are not questions.
                ignore("edit_not_by_customer");
                return;
            }
            JsonNode at = message.has("edit_date") ? message.path("edit_date") : message.path("date");
            edits.add(new MessageEdit(botId, TelegramChats.contactId(chatId, connection),
                    TelegramChats.messageKey(chatId, messageId), content(message).text(),
                    PayloadFields.epochSeconds(at)));
        }

        void callback(JsonNode query) {
            String id = PayloadFields.id(query.path("id"));
            String customer = PayloadFields.id(query.path("from").path("id"));
            JsonNode message = query.path("message");
            String chatId = message.isMissingNode() ? customer : privateChat(message.path("chat"));
            if (chatId == null) {
                return;
            }
            if (id == null || customer == null || !customer.equals(chatId)) {
                ignore("callback_not_in_private_chat");
                return;
            }
            String data = PayloadFields.text(query.path("data"));
            String title = buttonText(message.path("reply_markup"), data);
            String tapped = PayloadFields.id(message.path("message_id"));
            messages.add(ExtractedMessage.customer(botId, chatId, name(query.path("from")), CALLBACK_PREFIX + id,
                    UnifiedMessageType.INTERACTIVE, title != null ? title : data, null,
                    tapped == null ? null : TelegramChats.messageKey(chatId, tapped), Instant.now())
                    .withDetail("callback_query"));
        }

        void membership(JsonNode change) {
            String chatId = privateChat(change.path("chat"));
            if (chatId == null) {
                return;
            }
            String status = PayloadFields.text(change.path("new_chat_member").path("status"));
            ConversationEvent.Kind kind = status == null ? null : switch (status) {
                case "kicked", "left" -> ConversationEvent.Kind.UNREACHABLE;
                case "member" -> ConversationEvent.Kind.REACHABLE;
                default -> null;
            };
            if (kind == null) {
                ignore("member_status");
                return;
            }
            events.add(new ConversationEvent(botId, chatId, kind, Map.of("status", status),
                    PayloadFields.epochSeconds(change.path("date"))));
        }
    }

    /** What a message holds, in our terms. */
    record Content(UnifiedMessageType type, String text, MediaReference media, String detail) {
    }

    static Content content(JsonNode message) {
        String caption = PayloadFields.text(message.path("caption"));
        if (message.has("text")) {
            return new Content(UnifiedMessageType.TEXT, PayloadFields.text(message.path("text")), null, null);
        }
        if (message.has("photo")) {
            return new Content(UnifiedMessageType.IMAGE, caption, largest(message.path("photo")), null);
        }
        if (message.has("voice")) {
            return new Content(UnifiedMessageType.AUDIO, caption, media(message.path("voice"), "audio/ogg"), "voice");
        }
        if (message.has("audio")) {
            return new Content(UnifiedMessageType.AUDIO, caption, media(message.path("audio"), "audio/mpeg"), null);
        }
        if (message.has("video_note")) {
            return new Content(UnifiedMessageType.VIDEO, null, media(message.path("video_note"), "video/mp4"),
                    "video_note");
        }
        if (message.has("video")) {
            return new Content(UnifiedMessageType.VIDEO, caption, media(message.path("video"), "video/mp4"), null);
        }
        if (message.has("sticker")) {
            JsonNode sticker = message.path("sticker");
            String mime = sticker.path("is_video").asBoolean(false)
                    ? "video/webm"
                    : sticker.path("is_animated").asBoolean(false) ? "application/x-tgsticker" : "image/webp";
            return new Content(UnifiedMessageType.STICKER, PayloadFields.text(sticker.path("emoji")),
                    media(sticker, mime), null);
        }
        if (message.has("document")) {
            JsonNode document = message.path("document");
            String text = caption != null ? caption : PayloadFields.text(document.path("file_name"));
            return new Content(UnifiedMessageType.DOCUMENT, text, media(document, "application/octet-stream"), null);
        }
        if (message.has("venue")) {
            JsonNode venue = message.path("venue");
            StringJoiner text = new StringJoiner(", ");
            for (String field : List.of("title", "address")) {
                String part = PayloadFields.text(venue.path(field));
                if (part != null && !part.isBlank()) {
                    text.add(part);
                }
            }
            text.add(coordinates(venue.path("location")));
            return new Content(UnifiedMessageType.LOCATION, text.toString(), null, null);
        }
        if (message.has("location")) {
            return new Content(UnifiedMessageType.LOCATION, coordinates(message.path("location")), null, null);
        }
        if (message.has("contact")) {
            JsonNode contact = message.path("contact");
            StringJoiner text = new StringJoiner(" ");
            for (String field : List.of("first_name", "last_name", "phone_number")) {
                String part = PayloadFields.text(contact.path(field));
                if (part != null && !part.isBlank()) {
                    text.add(part);
                }
            }
            return new Content(UnifiedMessageType.CONTACTS, text.toString(), null, null);
        }
        return new Content(UnifiedMessageType.UNSUPPORTED, caption, null, "type " + kindOf(message));
    }

    /** The first field that says what a message we cannot read is (poll, dice, game, …), for status_detail. */
    private static String kindOf(JsonNode message) {
        for (String known : List.of("poll", "dice", "game", "story", "animation", "invoice", "paid_media",
                "giveaway", "checklist")) {
            if (message.has(known)) {
                return known;
            }
        }
        return "unknown";
    }

    private static String coordinates(JsonNode location) {
        return location.path("latitude").asDouble() + "," + location.path("longitude").asDouble();
    }

    /** Telegram sends a photo in several sizes, smallest first: the largest is the one worth reading. */
    private static MediaReference largest(JsonNode sizes) {
        JsonNode best = null;
        for (JsonNode size : sizes) {
            if (best == null || size.path("width").asLong() * size.path("height").asLong() >= best.path("width")
                    .asLong() * best.path("height").asLong()) {
                best = size;
            }
        }
        return best == null ? null : media(best, "image/jpeg");
    }

    /** The file's {@code file_id} (what {@code getFile} takes) and MIME type. */
    private static MediaReference media(JsonNode file, String defaultMime) {
        String fileId = PayloadFields.id(file.path("file_id"));
        String mime = PayloadFields.text(file.path("mime_type"));
        return fileId == null ? null : new MediaReference(fileId, null, mime != null ? mime : defaultMime);
    }

    private static String name(JsonNode user) {
        StringJoiner name = new StringJoiner(" ");
        for (String field : List.of("first_name", "last_name")) {
            String part = PayloadFields.text(user.path(field));
            if (part != null && !part.isBlank()) {
                name.add(part);
            }
        }
        return name.length() > 0 ? name.toString() : PayloadFields.text(user.path("username"));
    }

    /** The label of the inline button whose {@code callback_data} was tapped, when the message shows it. */
    private static String buttonText(JsonNode markup, String data) {
        for (JsonNode row : markup.path("inline_keyboard")) {
            for (JsonNode button : row) {
                if (data != null && data.equals(PayloadFields.text(button.path("callback_data")))) {
                    return PayloadFields.text(button.path("text"));
                }
            }
        }
        return null;
    }
}
