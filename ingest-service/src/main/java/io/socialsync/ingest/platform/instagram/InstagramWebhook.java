package io.socialsync.ingest.platform.instagram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.account.EnvironmentAccount;
import io.socialsync.ingest.platform.meta.MetaVerifyToken;
import io.socialsync.ingest.webhook.ConversationEvent;
import io.socialsync.ingest.webhook.Echo;
import io.socialsync.ingest.webhook.ExtractedMessage;
import io.socialsync.ingest.webhook.MalformedPayloadException;
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
 * Instagram Messaging webhooks: {@code object: instagram}, {@code entry[].id} is our professional account,
 * {@code entry[].messaging[]} (or {@code changes[].value} in the dashboard's test deliveries) holds one event each:
 * a message, an echo of a message sent from our account, a deletion, a reaction, a read or a postback.
 *
 * <p>
 * Apps using Instagram Login sign with the Instagram app secret, others with the Facebook app secret; both are
 * accepted when configured.
 */
@ApplicationScoped
public class InstagramWebhook implements WebhookPlatform {

    private static final String OBJECT = "instagram";

    private final ObjectMapper json;
    private final HubSignature signature;
    private final MetaVerifyToken verifyToken;
    private final Optional<EnvironmentAccount> environmentAccount;
    private final InstagramProfiles profiles;

    public InstagramWebhook(ObjectMapper json, InstagramConfig config, InstagramProfiles profiles) {
        this.json = json;
        this.profiles = profiles;
        this.signature = HubSignature.forSecrets(config.webhookSecret(),
                config.facebookAppSecret());
        this.verifyToken = new MetaVerifyToken(config.verifyToken());
        this.environmentAccount = EnvironmentAccount.of(Platform.INSTAGRAM, config.accountId(), config.accessToken());
        if (!signature.configured()) {
            Log.warn("INSTAGRAM_WEBHOOK_SECRET is not set: every Instagram delivery will be refused with 401");
        }
    }

    @Override
    public Platform platform() {
        return Platform.INSTAGRAM;
    }

    /** Instagram deliveries carry only the sender's id: a new customer's name is asked of the Graph API. */
    @Override
    public void messageStored(Account account, ExtractedMessage message) {
        if (message.contactName() == null) {
            profiles.learnInBackground(account.id(), message.contactId());
        }
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

    /** Why a message received in standby is stored and not answered. */
    static final String STANDBY = "standby: another app owns the thread";

    @Override
    public WebhookDelivery extract(WebhookRequest request) {
        JsonNode root = PayloadFields.parse(json, request.body());
        if (!OBJECT.equals(root.path("object").asText())) {
            throw new MalformedPayloadException("not an Instagram delivery");
        }
        Events events = new Events();
        for (JsonNode entry : root.path("entry")) {
            String account = PayloadFields.id(entry.path("id"));
            for (JsonNode event : entry.path("messaging")) {
                events.read(account, event);
            }
            // Standby: another app owns these threads (handover protocol); we store what is said and answer nothing.
            events.standby = true;
            for (JsonNode event : entry.path("standby")) {
                events.read(account, event);
            }
            events.standby = false;
            for (JsonNode change : entry.path("changes")) {
                String field = change.path("field").asText();
                if ("messages".equals(field) || "messaging_handover".equals(field)) {
                    events.read(account, change.path("value"));
                } else {
                    events.skipped++;
                }
            }
        }
        return new WebhookDelivery(List.copyOf(events.messages), List.copyOf(events.statuses),
                List.copyOf(events.echoes), List.of(), List.copyOf(events.conversationEvents), events.skipped);
    }

    /** The events of one delivery, as they are read. */
    private static final class Events {

        final List<ExtractedMessage> messages = new ArrayList<>();
        final List<StatusUpdate> statuses = new ArrayList<>();
        final List<Echo> echoes = new ArrayList<>();
        final List<ConversationEvent> conversationEvents = new ArrayList<>();
        int skipped;
        boolean standby;

        void read(String entryAccount, JsonNode event) {
            String sender = PayloadFields.id(event.path("sender").path("id"));
            String recipient = PayloadFields.id(event.path("recipient").path("id"));
            Instant at = PayloadFields.epochMillis(event.path("timestamp"));
            JsonNode message = event.path("message");
            if (message.isObject() && message.path("is_echo").asBoolean(false)) {
                echo(entryAccount != null ? entryAccount : sender, recipient, message, at);
            } else if (message.isObject() && message.path("is_deleted").asBoolean(false)) {
                status(entryAccount != null ? entryAccount : recipient, sender, message.path("mid"),
                        StatusUpdate.DELETED, at);
            } else if (message.isObject()) {
                message(entryAccount != null ? entryAccount : recipient, sender, message, at);
            } else if (event.path("reaction").isObject()) {
                reaction(entryAccount != null ? entryAccount : recipient, sender, event.path("reaction"), at);
            } else if (event.path("read").isObject()) {
                status(entryAccount != null ? entryAccount : recipient, sender, event.path("read").path("mid"),
                        StatusUpdate.READ, at);
            } else if (event.path("pass_thread_control").isObject()) {
                // Another app passed the thread to us: SocialSync answers again.
                threadOwner(entryAccount != null ? entryAccount : recipient, sender, "us",
                        event.path("pass_thread_control").path("previous_owner_app_id"), at);
            } else if (event.path("take_thread_control").isObject()) {
                // Another app (a person's inbox, Meta's own agent) took the thread: SocialSync stays quiet.
                threadOwner(entryAccount != null ? entryAccount : recipient, sender, "other",
                        event.path("take_thread_control").path("previous_owner_app_id"), at);
            } else if (event.path("postback").isObject()) {
                postback(entryAccount != null ? entryAccount : recipient, sender, event.path("postback"), at);
            } else {
                // referral, optins, and whatever Meta adds next: acknowledged, not acted on.
                skipped++;
            }
        }

        private void echo(String account, String customer, JsonNode message, Instant at) {
            String mid = PayloadFields.id(message.path("mid"));
            if (account == null || customer == null || mid == null) {
                skipped++;
                return;
            }
            echoes.add(new Echo(account, customer, mid, PayloadFields.text(message.path("text")), at));
        }

        private void status(String account, String customer, JsonNode mid, String state, Instant at) {
            String id = PayloadFields.id(mid);
            if (account == null || id == null) {
                skipped++;
                return;
            }
            statuses.add(new StatusUpdate(account, id, state, null, at, customer, null));
        }

        private void message(String account, String customer, JsonNode message, Instant at) {
            String mid = PayloadFields.id(message.path("mid"));
            if (account == null || customer == null || mid == null) {
                skipped++;
                return;
            }
            String text = PayloadFields.text(message.path("text"));
            JsonNode replyTo = message.path("reply_to");
            String replyToId = PayloadFields.id(replyTo.path("mid"));
            String detail = null;
            if (replyToId == null && replyTo.path("story").isObject()) {
                replyToId = PayloadFields.id(replyTo.path("story").path("id"));
                detail = "story_reply";
            }
            if (message.path("quick_reply").isObject()) {
                detail = "quick_reply";
            }
            UnifiedMessageType type = UnifiedMessageType.TEXT;
            MediaReference media = null;
            JsonNode attachments = message.path("attachments");
            if (attachments.isArray() && !attachments.isEmpty()) {
                JsonNode attachment = attachments.get(0);
                String kind = attachment.path("type").asText("");
                type = attachmentType(kind);
                JsonNode payload = attachment.path("payload");
                String url = PayloadFields.text(payload.path("url"));
                media = url == null ? null : new MediaReference(null, url, null);
                if (text == null) {
                    text = PayloadFields.text(payload.path("title"));
                }
                detail = PayloadFields.label(kind);
            } else if (text == null) {
                // Neither text nor attachment: a kind of message this version cannot read.
                type = UnifiedMessageType.UNSUPPORTED;
                detail = "no text or attachment";
            }
            ExtractedMessage read = new ExtractedMessage(account, customer, null, mid, type, text, media, replyToId, at,
                    true, detail);
            messages.add(standby ? read.withoutBatch().withDetail(STANDBY) : read);
        }

        private void threadOwner(String account, String customer, String owner, JsonNode otherApp, Instant at) {
            if (account == null || customer == null) {
                skipped++;
                return;
            }
            String app = PayloadFields.id(otherApp);
            conversationEvents.add(new ConversationEvent(account, customer, ConversationEvent.Kind.THREAD_OWNER,
                    app == null ? Map.of("owner", owner) : Map.of("owner", owner, "other_app_id", app), at));
        }

        /**
         * Reactions carry no id of their own: they are keyed on the reacted message, the customer and the time, so a
         * redelivery is still stored once.
         */
        private void reaction(String account, String customer, JsonNode reaction, Instant at) {
            String mid = PayloadFields.id(reaction.path("mid"));
            if (account == null || customer == null || mid == null) {
                skipped++;
                return;
            }
            boolean removed = "unreact".equals(reaction.path("action").asText());
            String emoji = removed ? null : PayloadFields.text(reaction.path("emoji"));
            String key = "reaction:" + mid + ":" + customer + ":" + at.toEpochMilli();
            messages.add(new ExtractedMessage(account, customer, null, key, UnifiedMessageType.REACTION, emoji, null,
                    mid, at, false, removed ? "unreact" : "react"));
        }

        /** A tapped button (ice breaker, generic template): answered like a message, with its title as text. */
        private void postback(String account, String customer, JsonNode postback, Instant at) {
            String mid = PayloadFields.id(postback.path("mid"));
            if (account == null || customer == null || mid == null) {
                skipped++;
                return;
            }
            messages.add(new ExtractedMessage(account, customer, null, mid, UnifiedMessageType.INTERACTIVE,
                    PayloadFields.text(postback.path("title")), null, null, at, true, "postback"));
        }
    }

    /**
     * Instagram attachment kinds onto our types; shares, story mentions and reels are media the customer points us
     * at, gated like the media they are.
     */
    static UnifiedMessageType attachmentType(String kind) {
        return switch (kind) {
            case "image", "share", "ig_post", "story_mention", "animated_image" -> UnifiedMessageType.IMAGE;
            case "video", "ig_reel", "reel" -> UnifiedMessageType.VIDEO;
            case "audio" -> UnifiedMessageType.AUDIO;
            case "file" -> UnifiedMessageType.DOCUMENT;
            default -> UnifiedMessageType.UNSUPPORTED;
        };
    }
}
