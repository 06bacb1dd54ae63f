package io.socialsync.responder.platform.whatsapp;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.platform.graph.GraphErrors;

/**
 * The WhatsApp Cloud API's messages endpoint ({@code WHATSAPP_API_BASE_URL}). Used only through
 * {@link WhatsAppGraphClient}, which holds the retry policy.
 */
@RegisterRestClient(configKey = "whatsapp-graph")
interface WhatsAppGraphApi {

    @POST
    @Path("/{phoneNumberId}/messages")
    Uni<GraphSendResult> sendText(@PathParam("phoneNumberId") String phoneNumberId,
            @HeaderParam("Authorization") String authorization, WhatsAppPayloads.TextMessage message);

    @POST
    @Path("/{phoneNumberId}/messages")
    Uni<GraphSendResult> sendTemplate(@PathParam("phoneNumberId") String phoneNumberId,
            @HeaderParam("Authorization") String authorization, WhatsAppPayloads.TemplateMessage message);

    @POST
    @Path("/{phoneNumberId}/messages")
    Uni<GraphSendResult> sendMedia(@PathParam("phoneNumberId") String phoneNumberId,
            @HeaderParam("Authorization") String authorization, WhatsAppPayloads.MediaMessage message);

    /** Multipart {@code messaging_product}, {@code type} (MIME) and {@code file}; answers the media id. */
    @POST
    @Path("/{phoneNumberId}/media")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<WhatsAppPayloads.UploadedMedia> upload(@PathParam("phoneNumberId") String phoneNumberId,
            @HeaderParam("Authorization") String authorization, ClientMultipartForm form);

    @POST
    @Path("/{phoneNumberId}/messages")
    Uni<GraphSendResult> markRead(@PathParam("phoneNumberId") String phoneNumberId,
            @HeaderParam("Authorization") String authorization, WhatsAppPayloads.ReadReceipt receipt);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return GraphErrors.fromResponse(response);
    }
}
