package io.socialsync.ingest.platform.whatsapp;

import io.smallrye.config.ConfigMapping;
import io.socialsync.ingest.platform.meta.MetaWebhookSettings;

/**
 * WhatsApp Cloud API webhooks ({@code WHATSAPP_WEBHOOK_SECRET}, {@code WHATSAPP_VERIFY_TOKEN},
 * {@code WHATSAPP_ACCOUNT_ID}, {@code WHATSAPP_ACCESS_TOKEN}, mapped in {@code application.properties}).
 */
@ConfigMapping(prefix = "socialsync.whatsapp")
public interface WhatsAppConfig extends MetaWebhookSettings {
}
