package io.socialsync.responder.admin;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.batch.DeadLetter;
import io.socialsync.responder.batch.DeadLetters;

/** Operator view of {@code socialsync:dead}: list the dead batches, replay one. Operators only: dead batches span tenants. */
@RolesAllowed(AdminRoles.OPERATOR)
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    /** What a replay did. */
    public record Replayed(String id, int messages) {
    }

    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The oldest dead letters, {@code limit} (at most 1000) a page; the next page starts {@code after} the last id. */
    @GET
    public Uni<List<DeadLetter>> list(@QueryParam("limit") @DefaultValue("100") int limit,
            @QueryParam("after") String after) {
        if (after != null && !isEntryId(after)) {
            throw new BadRequestException("after must be a dead letter's id, such as 1764547200000-0");
        }
        return deadLetters.list(Math.max(1, Math.min(limit, 1000)), after);
    }

    @POST
    @Path("/{id}/replay")
    public Uni<Replayed> replay(@PathParam("id") String id) {
        if (!isEntryId(id)) {
            throw new NotFoundException("no dead letter " + id);
        }
        return deadLetters.replay(id).map(replayed -> new Replayed(id,
                replayed.orElseThrow(() -> new NotFoundException("no dead letter " + id))));
    }

    /** A stream entry id ({@code <ms>-<sequence>}). */
    private static boolean isEntryId(String value) {
        return value.matches("\\d+-\\d+");
    }
}
