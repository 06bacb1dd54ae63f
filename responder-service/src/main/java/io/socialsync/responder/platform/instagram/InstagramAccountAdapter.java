package io.socialsync.responder.platform.instagram;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.platform.AccountAdapter;
import io.socialsync.responder.platform.graph.GraphAccountErrors;

/**
 * Connects an Instagram professional account: reads the token's account ({@code GET /me?fields=user_id,username}),
 * which must be the account being connected, then subscribes the app to its messaging webhooks
 * ({@code POST /me/subscribed_apps}).
 */
@ApplicationScoped
public class InstagramAccountAdapter implements AccountAdapter {

    /** What ingest reads: messages (and echoes), postbacks, reads and reactions. */
    static final String MESSAGING_FIELDS = "messages,messaging_postbacks,messaging_seen,message_reactions";

    private final InstagramAccountApi api;

    public InstagramAccountAdapter(@RestClient InstagramAccountApi api) {
        this.api = api;
    }

    @Override
    public Platform platform() {
        return Platform.INSTAGRAM;
    }

    @Override
    public Uni<CredentialsCheck> validateCredentials(String accountId, String accessToken) {
        return api.me("user_id,username", "Bearer " + accessToken).map(me -> {
            // Webhooks name the professional account by user_id; id is the app-scoped id of the same account.
            String userId = me.path("user_id").asText(null);
            if (!accountId.equals(userId) && !accountId.equals(me.path("id").asText(null))) {
                return CredentialsCheck.rejected("the token belongs to Instagram account " + userId + ", not "
                        + accountId);
            }
            return CredentialsCheck.valid(me.path("username").asText(null));
        }).onFailure().recoverWithItem(GraphAccountErrors::toCheck);
    }

    @Override
    public Uni<WebhookSubscription> subscribeWebhooks(String accountId, Optional<String> businessAccountId,
            String accessToken) {
        return api.subscribeApp(MESSAGING_FIELDS, "Bearer " + accessToken)
                .map(answer -> answer.path("success").asBoolean(false)
                        ? new WebhookSubscription(true, null)
                        : new WebhookSubscription(false, "the platform did not confirm the subscription"))
                .onFailure().recoverWithItem(GraphAccountErrors::toSubscription);
    }
}
