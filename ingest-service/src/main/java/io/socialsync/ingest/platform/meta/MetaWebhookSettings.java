package io.socialsync.ingest.platform.meta;

import java.util.Optional;

/** What every Meta app's webhook is configured with; each platform's own mapping extends it. */
public interface MetaWebhookSettings {

    /** App secret that signs deliveries ({@code X-Hub-Signature-256}). Without it every delivery is refused. */
    Optional<String> webhookSecret();

    /** Token Meta's setup check must present; without it the check is refused. */
    Optional<String> verifyToken();

    /** The bootstrap account's platform id (WhatsApp phone_number_id), upserted at start when set. */
    Optional<String> accountId();

    /** The bootstrap account's Graph API access token. */
    Optional<String> accessToken();
}
