package io.socialsync.responder.platform.instagram;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.platform.graph.GraphErrors;

/**
 * The Instagram messaging endpoint ({@code INSTAGRAM_API_BASE_URL}, default {@code https://graph.instagram.com/} + {@code META_GRAPH_API_VERSION}).
 * Used only through {@link InstagramGraphClient}, which holds the retry policy.
 */
@RegisterRestClient(configKey = "instagram-graph")
interface InstagramGraphApi {

    @POST
    @Path("/{igAccountId}/messages")
    Uni<InstagramPayloads.SendAnswer> sendText(@PathParam("igAccountId") String igAccountId,
            @HeaderParam("Authorization") String authorization, InstagramPayloads.TextMessage message);

    @POST
    @Path("/{igAccountId}/messages")
    Uni<InstagramPayloads.SendAnswer> sendAttachment(@PathParam("igAccountId") String igAccountId,
            @HeaderParam("Authorization") String authorization, InstagramPayloads.AttachmentMessage message);

    @POST
    @Path("/{igAccountId}/messages")
    Uni<InstagramPayloads.SendAnswer> senderAction(@PathParam("igAccountId") String igAccountId,
            @HeaderParam("Authorization") String authorization, InstagramPayloads.SenderAction action);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return GraphErrors.fromResponse(response);
    }
}
