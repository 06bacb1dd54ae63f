package io.socialsync.responder.media;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * Serves media kept in PostgreSQL to whoever holds a signed link (the model endpoint, a person's inbox): the
 * signature is the credential. An expired or altered link answers 403, an erased object 404.
 */
@Path("/media")
public class MediaResource {

    private final MediaLinks links;
    private final MediaStore store;

    public MediaResource(MediaLinks links, MediaStore store) {
        this.links = links;
        this.store = store;
    }

    @GET
    @Path("/{id}")
    public Uni<Response> read(@PathParam("id") UUID id, @QueryParam("expires") long expires,
            @QueryParam("signature") String signature) {
        if (!links.valid(id, expires, signature)) {
            return Uni.createFrom().item(Response.status(Response.Status.FORBIDDEN).build());
        }
        return store.get(id).map(found -> found
                .map(content -> Response.ok(content.bytes(), content.contentType())
                        .header("Cache-Control", "private, max-age=3600").build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build()));
    }
}
