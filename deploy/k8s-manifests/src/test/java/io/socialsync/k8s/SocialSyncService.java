package io.socialsync.k8s;

import java.util.List;
import java.util.Set;

/** What each service's manifests must say (DESIGN §7 ports; deploy/README.md secrets). */
enum SocialSyncService {

    INGEST("ingest-service", 8081, List.of(Secrets.DATASTORES, Secrets.PLATFORMS), true, true), BATCHER(
            "batcher-service", 8082, List.of(Secrets.DATASTORES), false,
            false), RESPONDER("responder-service", 8083, List.of(Secrets.DATASTORES, Secrets.PLATFORMS), true, false);

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
        static final String DATASTORES = "socialsync-datastores";
        static final String PLATFORMS = "socialsync-platforms";
        static final String CONFIG_MAP = "socialsync-config";

        /** Values that live only in a Secret, never in a manifest or a ConfigMap. */
        static final Set<String> KEYS = Set.of("QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_REDIS_PASSWORD",
                "WHATSAPP_WEBHOOK_SECRET", "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_ACCESS_TOKEN",
                "INSTAGRAM_WEBHOOK_SECRET", "INSTAGRAM_VERIFY_TOKEN", "INSTAGRAM_ACCESS_TOKEN",
                "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "SOCIALSYNC_AI_API_KEY", "SOCIALSYNC_ADMIN_API_KEY");

        private Secrets() {
        }

        /** A name that looks like a credential, whether or not it is in {@link #KEYS}. */
        static boolean looksSecret(String name) {
            return KEYS.contains(name) || name.matches(".*(PASSWORD|SECRET|TOKEN|API_KEY).*");
        }
    }
}
