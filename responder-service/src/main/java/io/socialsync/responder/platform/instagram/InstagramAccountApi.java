package io.socialsync.responder.platform.instagram;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.platform.graph.GraphErrors;

/** The Instagram API's account endpoints (Instagram Login), on the messaging base URL ({@code instagram-graph}). */
@RegisterRestClient(configKey = "instagram-graph")
interface InstagramAccountApi {

    @GET
    @Path("/me")
    Uni<JsonNode> me(@QueryParam("fields") String fields, @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/me/subscribed_apps")
    Uni<JsonNode> subscribeApp(@QueryParam("subscribed_fields") String fields,
            @HeaderParam("Authorization") String authorization);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return GraphErrors.fromResponse(response);
    }
}
