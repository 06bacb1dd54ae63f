package io.socialsync.responder.platform.whatsapp;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** The WhatsApp Cloud API's messages endpoint ({@code WHATSAPP_API_BASE_URL}). Used only through {@link WhatsAppChannel}. */
@RegisterRestClient(configKey = "whatsapp-graph")
interface WhatsAppGraphApi {

    @POST
    @Path("/{phoneNumberId}/messages")
    Uni<GraphSendResult> sendText(@PathParam("phoneNumberId") String phoneNumberId,
            @HeaderParam("Authorization") String authorization, WhatsAppPayloads.TextMessage message);

    @POST
    @Path("/{phoneNumberId}/messages")
    Uni<GraphSendResult> markRead(@PathParam("phoneNumberId") String phoneNumberId,
            @HeaderParam("Authorization") String authorization, WhatsAppPayloads.ReadReceipt receipt);
}
