package io.socialsync.ingest.webhook;

import java.util.Optional;

import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.account.EnvironmentAccountSource;
import io.socialsync.model.Platform;

/**
 * One platform's side of the webhook: how it proves a request is its own, how its payload reads, and the account the
 * environment names for it. Each platform is one CDI bean; the pipeline finds it by {@link #platform()}, never
 * through a switch, and never reads a platform's headers, parameters or settings itself.
 */
public interface WebhookPlatform extends EnvironmentAccountSource {

    Platform platform();

    /**
     * Whether deliveries name the account in the route ({@code POST /webhooks/{platform}/{account}}) rather than in
     * the body; the other form of the route is then 404.
     */
    default boolean routesByAccount() {
        return false;
    }

    /**
     * Whether the request comes from the platform (a signature over the raw body, a shared secret header, …).
     * Called before any parsing; a request refused here is answered 401 and nothing of it is stored.
     */
    boolean verify(WebhookRequest request);

    /**
     * The platform's {@code GET} setup check: the plain-text body to answer when the request proves it knows our
     * secret, else empty (answered 403). Platforms without such a check answer empty.
     */
    default Optional<String> subscriptionChallenge(WebhookRequest request) {
        return Optional.empty();
    }

    /**
     * Reads a verified delivery.
     *
     * @throws MalformedPayloadException when the body is not the JSON the platform sends
     */
    WebhookDelivery extract(WebhookRequest request);

    /**
     * Called on the event loop once a new message of this platform is stored (not for a redelivery), for what the
     * platform learns or must be told beyond the delivery (Instagram: the customer's name). Must return at once:
     * whatever it starts runs off the request path, and the webhook's answer never waits for it.
     */
    default void messageStored(Account account, ExtractedMessage message) {
    }
}
