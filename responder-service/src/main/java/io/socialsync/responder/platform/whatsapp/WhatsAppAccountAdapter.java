package io.socialsync.responder.platform.whatsapp;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.platform.AccountAdapter;
import io.socialsync.responder.platform.graph.GraphAccountErrors;

/**
 * Connects a WhatsApp number: reads the phone number ({@code GET /{phone_number_id}}) with the token, then subscribes
 * the app to the WhatsApp Business Account's webhooks ({@code POST /{waba_id}/subscribed_apps}).
 */
@ApplicationScoped
public class WhatsAppAccountAdapter implements AccountAdapter {

    static final String FIELDS = "display_phone_number,verified_name,quality_rating";

    private final WhatsAppAccountApi api;

    public WhatsAppAccountAdapter(@RestClient WhatsAppAccountApi api) {
        this.api = api;
    }

    @Override
    public Platform platform() {
        return Platform.WHATSAPP;
    }

    @Override
    public Uni<CredentialsCheck> validateCredentials(String phoneNumberId, String accessToken) {
        return api.phoneNumber(phoneNumberId, FIELDS, "Bearer " + accessToken)
                .map(number -> number.hasNonNull("display_phone_number") || number.hasNonNull("verified_name")
                        ? CredentialsCheck.valid(text(number, "verified_name", "display_phone_number"))
                        : CredentialsCheck.rejected("the id is not a WhatsApp phone number"))
                .onFailure().recoverWithItem(GraphAccountErrors::toCheck);
    }

    @Override
    public Uni<WebhookSubscription> subscribeWebhooks(String phoneNumberId, Optional<String> wabaId,
            String accessToken) {
        if (wabaId.isEmpty()) {
            return Uni.createFrom().item(new WebhookSubscription(false, "no wabaId given: subscribe the app to the "
                    + "WhatsApp Business Account's webhooks in the Meta app dashboard, or connect again with wabaId"));
        }
        return api.subscribeApp(wabaId.get(), "Bearer " + accessToken)
                .map(answer -> answer.path("success").asBoolean(false)
                        ? new WebhookSubscription(true, null)
                        : new WebhookSubscription(false, "the platform did not confirm the subscription"))
                .onFailure().recoverWithItem(GraphAccountErrors::toSubscription);
    }

    private static String text(JsonNode node, String first, String second) {
        return node.hasNonNull(first) ? node.get(first).asText() : node.path(second).asText(null);
    }
}
