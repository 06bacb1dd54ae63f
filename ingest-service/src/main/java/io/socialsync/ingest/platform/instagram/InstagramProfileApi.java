package io.socialsync.ingest.platform.instagram;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.smallrye.mutiny.Uni;

/**
 * Instagram's user profile endpoint ({@code INSTAGRAM_API_BASE_URL}, default {@code https://graph.instagram.com/v25.0}):
 * the name of a customer who wrote to the business, which Instagram deliveries do not carry. Used only through
 * {@link InstagramProfileClient}, which holds the timeout.
 */
@RegisterRestClient(configKey = "instagram-graph")
interface InstagramProfileApi {

    @GET
    @Path("/{igsid}")
    Uni<Profile> profile(@PathParam("igsid") String igsid, @QueryParam("fields") String fields,
            @HeaderParam("Authorization") String authorization);

    /** The fields we ask for; either may be missing (the customer's privacy settings). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Profile(String name, String username) {
    }
}
