package io.socialsync.responder.platform;

import java.util.Optional;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;

/**
 * One platform's side of connecting a business account (the seed's {@code validate_credentials()}): checks that a
 * token works for an account before anything is stored, and subscribes our app to the account's webhooks. Each
 * platform is one CDI bean, found through {@link AccountAdapters}. Platform refusals are values, never exceptions.
 */
public interface AccountAdapter {

    Platform platform();

    /** Asks the platform about the account with this token, read-only. */
    Uni<CredentialsCheck> validateCredentials(String platformAccountId, String accessToken);

    /**
     * Subscribes the app to the account's message webhooks where the platform's API allows it.
     *
     * @param businessAccountId the account's parent where the platform subscribes there (WhatsApp: the WABA id)
     */
    Uni<WebhookSubscription> subscribeWebhooks(String platformAccountId, Optional<String> businessAccountId,
            String accessToken);

    /** What the platform said about a token. */
    record CredentialsCheck(Outcome outcome, String displayName, String reason) {

        public enum Outcome {
            /** The token reads the account. */
            VALID,
            /** Wrong id, bad or expired token, missing permission: the same call would fail again. */
            REJECTED,
            /** The platform could not be asked (rate limit, outage, network): nothing can be said. */
            UNAVAILABLE
        }

        public static CredentialsCheck valid(String displayName) {
            return new CredentialsCheck(Outcome.VALID, displayName, null);
        }

        public static CredentialsCheck rejected(String reason) {
            return new CredentialsCheck(Outcome.REJECTED, null, reason);
        }

        public static CredentialsCheck unavailable(String reason) {
            return new CredentialsCheck(Outcome.UNAVAILABLE, null, reason);
        }
    }

    /** Whether the app now receives the account's webhooks; {@code detail} says why not, or what to do by hand. */
    record WebhookSubscription(boolean subscribed, String detail) {
    }
}
