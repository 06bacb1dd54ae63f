package io.socialsync.ingest.platform.whatsapp;

import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.ingest.platform.meta.MetaSignature;
import io.socialsync.ingest.webhook.ExtractedMessage;
import io.socialsync.ingest.webhook.MalformedPayloadException;
import io.socialsync.ingest.webhook.WebhookDelivery;
import io.socialsync.ingest.webhook.WebhookPlatform;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessageType;

/**
 * WhatsApp Cloud API webhooks: {@code object: whatsapp_business_account}, routed on
 * {@code metadata.phone_number_id}, customers keyed on {@code wa_id} (else the business-scoped {@code user_id}).
 */
@ApplicationScoped
public class WhatsAppWebhook implements WebhookPlatform {

    private static final String OBJECT = "whatsapp_business_account";

    private final ObjectMapper json;
    private final MetaSignature signature;
    private final byte[] verifyToken;

    public WhatsAppWebhook(ObjectMapper json, IngestConfig config) {
        this.json = json;
        this.signature = MetaSignature.forSecrets(config.whatsapp().webhookSecret());
        this.verifyToken = config.whatsapp().verifyToken().map(token -> token.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
        if (!signature.configured()) {
            Log.warn("WHATSAPP_WEBHOOK_SECRET is not set: every WhatsApp delivery will be refused with 401");
        }
    }

    @Override
    public Platform platform() {
        return Platform.WHATSAPP;
    }

    @Override
    public boolean verifyTokenMatches(String presentedToken) {
        return verifyToken != null && presentedToken != null
                && MessageDigest.isEqual(verifyToken, presentedToken.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean signatureMatches(String signatureHeader, byte[] rawBody) {
        return signature.matches(signatureHeader, rawBody);
    }

    @Override
    public WebhookDelivery extract(byte[] rawBody) {
        JsonNode root = parse(rawBody);
        if (!OBJECT.equals(root.path("object").asText())) {
            throw new MalformedPayloadException("not a WhatsApp Business Account delivery");
        }
        List<ExtractedMessage> messages = new ArrayList<>();
        int skipped = 0;
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String phoneNumberId = value.path("metadata").path("phone_number_id").asText(null);
                if (!"messages".equals(change.path("field").asText()) || phoneNumberId == null) {
                    skipped++;
                    continue;
                }
                Map<String, String> names = contactNames(value.path("contacts"));
                for (JsonNode message : value.path("messages")) {
                    ExtractedMessage extracted = message(phoneNumberId, names, message);
                    if (extracted == null) {
                        skipped++;
                    } else {
                        messages.add(extracted);
                    }
                }
                skipped += value.path("statuses").size();
            }
        }
        return new WebhookDelivery(List.copyOf(messages), skipped);
    }

    private JsonNode parse(byte[] rawBody) {
        try {
            JsonNode root = json.readTree(rawBody);
            if (root == null || !root.isObject()) {
                throw new MalformedPayloadException("the body is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new MalformedPayloadException("the body is not valid JSON", e);
        }
    }

    private static Map<String, String> contactNames(JsonNode contacts) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode contact : contacts) {
            String name = contact.path("profile").path("name").asText(null);
            String key = contact.hasNonNull("wa_id")
                    ? contact.get("wa_id").asText()
                    : contact.path("user_id").asText(null);
            if (key != null && name != null) {
                names.put(key, name);
            }
        }
        return names;
    }

    /** One message of the walking skeleton's kind (text), or null for a kind read later. */
    private static ExtractedMessage message(String phoneNumberId, Map<String, String> names, JsonNode message) {
        String customer = message.hasNonNull("from")
                ? message.get("from").asText()
                : message.path("from_user_id").asText(null);
        String id = message.path("id").asText(null);
        if (customer == null || id == null || !"text".equals(message.path("type").asText())) {
            return null;
        }
        return new ExtractedMessage(
                phoneNumberId,
                customer,
                names.get(customer),
                id,
                UnifiedMessageType.TEXT,
                message.path("text").path("body").asText(""),
                null,
                message.path("context").path("id").asText(null),
                sentAt(message.path("timestamp")));
    }

    private static Instant sentAt(JsonNode epochSeconds) {
        long seconds = epochSeconds.asLong(0);
        return seconds > 0 ? Instant.ofEpochSecond(seconds) : Instant.now();
    }
}
