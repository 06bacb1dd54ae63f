package io.socialsync.responder.platform.whatsapp;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.platform.graph.GraphErrors;

/** The WhatsApp Cloud API's account endpoints, on the same base URL as the messages ({@code whatsapp-graph}). */
@RegisterRestClient(configKey = "whatsapp-graph")
interface WhatsAppAccountApi {

    @GET
    @Path("/{phoneNumberId}")
    Uni<JsonNode> phoneNumber(@PathParam("phoneNumberId") String phoneNumberId, @QueryParam("fields") String fields,
            @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/{wabaId}/subscribed_apps")
    Uni<JsonNode> subscribeApp(@PathParam("wabaId") String wabaId, @HeaderParam("Authorization") String authorization);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return GraphErrors.fromResponse(response);
    }
}
