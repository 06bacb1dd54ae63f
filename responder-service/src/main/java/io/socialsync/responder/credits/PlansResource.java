package io.socialsync.responder.credits;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;

/** The plans a tenant can be put on. */
@Path("/admin/plans")
@RolesAllowed(AdminRoles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator")
public class PlansResource {

    private final Credits credits;

    public PlansResource(Credits credits) {
        this.credits = credits;
    }

    @GET
    @Operation(summary = "List plans")
    public Uni<List<Plan>> list() {
        return credits.plans();
    }
}
