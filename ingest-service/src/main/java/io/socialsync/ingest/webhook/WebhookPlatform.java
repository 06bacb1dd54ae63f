package io.socialsync.ingest.webhook;

import io.socialsync.ingest.account.Account;
import io.socialsync.model.Platform;

/**
 * One platform's side of the webhook: how it proves a delivery is its own, and how its payload reads. Each
 * platform is one CDI bean; the pipeline finds it by {@link #platform()}, never through a switch.
 */
public interface WebhookPlatform {

    Platform platform();

    /** Whether a GET setup check presenting this token may be answered with its challenge. */
    boolean verifyTokenMatches(String presentedToken);

    /** Whether the raw body is signed by the platform. Called before any parsing. */
    boolean signatureMatches(String signatureHeader, byte[] rawBody);

    /**
     * Reads a verified delivery.
     *
     * @throws MalformedPayloadException when the body is not the JSON the platform sends
     */
    WebhookDelivery extract(byte[] rawBody);

    /**
     * Called on the event loop once a new message of this platform is stored (not for a redelivery), for what the
     * platform learns beyond the delivery (Instagram: the customer's name). Must return at once: whatever it starts
     * runs off the request path, and the webhook's answer never waits for it.
     */
    default void messageStored(Account account, ExtractedMessage message) {
    }
}
