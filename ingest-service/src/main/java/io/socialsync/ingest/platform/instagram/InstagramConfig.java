package io.socialsync.ingest.platform.instagram;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.socialsync.ingest.platform.meta.MetaWebhookSettings;

/**
 * Instagram Messaging webhooks ({@code INSTAGRAM_WEBHOOK_SECRET}, {@code FACEBOOK_APP_SECRET},
 * {@code INSTAGRAM_VERIFY_TOKEN}, {@code INSTAGRAM_ACCOUNT_ID}, {@code INSTAGRAM_ACCESS_TOKEN}).
 */
@ConfigMapping(prefix = "socialsync.instagram")
public interface InstagramConfig extends MetaWebhookSettings {

    /**
     * The Facebook app's secret ({@code FACEBOOK_APP_SECRET}), accepted besides {@link #webhookSecret()}: apps on
     * Facebook Login sign Instagram deliveries with it, apps on Instagram Login with the Instagram app secret.
     */
    Optional<String> facebookAppSecret();
}
