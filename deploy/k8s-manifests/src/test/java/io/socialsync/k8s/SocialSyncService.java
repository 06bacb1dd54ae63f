package io.socialsync.k8s;

import java.util.List;
import java.util.Set;

/** What each service's manifests must say (DESIGN §7 ports; deploy/README.md secrets). */
enum SocialSyncService {

    INGEST("ingest-service", 8081, List.of(Secrets.INGEST, Secrets.POSTGRESQL, Secrets.REDIS, Secrets.TOKEN_KEYS), true,
            true), BATCHER("batcher-service", 8082, List.of(Secrets.REDIS), false, false), RESPONDER(
                    "responder-service", 8083, List.of(Secrets.POSTGRESQL, Secrets.REDIS, Secrets.RESPONDER,
                            Secrets.TOKEN_KEYS),
                    true, false);

    final String name;
    final int port;
    final List<String> secrets;
    final boolean autoscaled;
    /** Whether it takes traffic through its Service (webhooks) and so drains before it stops. */
    final boolean drainsTraffic;

    SocialSyncService(String name, int port, List<String> secrets, boolean autoscaled, boolean drainsTraffic) {
        this.name = name;
        this.port = port;
        this.secrets = secrets;
        this.autoscaled = autoscaled;
        this.drainsTraffic = drainsTraffic;
    }

    static final class Secrets {
        /** QUARKUS_DATASOURCE_PASSWORD: ingest and responder. */
        static final String POSTGRESQL = "socialsync-postgresql";
        /** QUARKUS_REDIS_PASSWORD (may be empty): all three. */
        static final String REDIS = "socialsync-redis";
        /** Webhook secrets, verify tokens, the bootstrap accounts' tokens: ingest only. */
        static final String INGEST = "socialsync-ingest";
        /** The AI key, the operator key, the embeddings and transcription keys: responder only. */
        static final String RESPONDER = "socialsync-responder";
        /** SOCIALSYNC_CRYPTO_KEYS, which seal and open the stored access tokens: ingest and responder. */
        static final String TOKEN_KEYS = "socialsync-token-keys";
        static final String CONFIG_MAP = "socialsync-config";

        /** Values that live only in a Secret, never in a manifest or a ConfigMap. */
        static final Set<String> KEYS = Set.of("QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_REDIS_PASSWORD",
                "WHATSAPP_WEBHOOK_SECRET", "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_ACCESS_TOKEN",
                "INSTAGRAM_WEBHOOK_SECRET", "INSTAGRAM_VERIFY_TOKEN", "INSTAGRAM_ACCESS_TOKEN",
                "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "SOCIALSYNC_AI_API_KEY", "SOCIALSYNC_ADMIN_API_KEY",
                "SOCIALSYNC_CRYPTO_KEYS");

        private Secrets() {
        }

        /** A name that looks like a credential, whether or not it is in {@link #KEYS}. */
        static boolean looksSecret(String name) {
            return KEYS.contains(name) || name.matches(".*(PASSWORD|SECRET|TOKEN|API_KEY|CRYPTO_KEYS).*");
        }
    }
}
