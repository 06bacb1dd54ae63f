package io.socialsync.ingest.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything ingest-service can be told. The seed system's environment names ({@code WHATSAPP_WEBHOOK_SECRET}, …)
 * are mapped onto these keys in {@code application.properties}.
 */
@ConfigMapping(prefix = "socialsync")
public interface IngestConfig {

    /** WhatsApp Cloud API webhooks. */
    MetaWebhook whatsapp();

    /** The tenant that bootstrap accounts from the environment belong to. */
    Bootstrap bootstrap();

    /** The inbound stream. */
    Stream stream();

    /** A Meta app's webhook settings and the bootstrap account it serves. */
    interface MetaWebhook {

        /** App secret that signs deliveries ({@code X-Hub-Signature-256}). Without it every delivery is refused. */
        Optional<String> webhookSecret();

        /** Token Meta's setup check must present; without it the check is refused. */
        Optional<String> verifyToken();

        /** The bootstrap account's platform id (WhatsApp phone_number_id), upserted at start when set. */
        Optional<String> accountId();

        /** The bootstrap account's Graph API access token. */
        Optional<String> accessToken();
    }

    interface Bootstrap {

        /** Slug of the tenant that owns the bootstrap accounts. */
        @WithDefault("default")
        String tenant();

        /** Plan code given to that tenant when it is created ({@code SOCIALSYNC_DEFAULT_PLAN}). */
        @WithDefault("starter")
        String plan();
    }

    interface Stream {

        /**
         * Approximate length the inbound stream is trimmed to. Entries are consumed within seconds; PostgreSQL keeps
         * every message and the reconciler re-enqueues any that a trim or a Redis loss dropped.
         */
        @WithDefault("100000")
        long maxLength();
    }
}
