package io.socialsync.responder.credits;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.CurrentTenant;

/** A tenant reads its own credits: balance, this period's grants and consumption, the ledger. */
@Path("/admin/credits")
@RolesAllowed(AdminRoles.TENANT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Credits")
public class TenantCreditsResource {

    private final Credits credits;
    private final CurrentTenant tenant;

    public TenantCreditsResource(Credits credits, CurrentTenant tenant) {
        this.credits = credits;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "Balance, this period's grants and consumption by day, platform and kind")
    public Uni<Usage> usage() {
        return tenant.id().flatMap(credits::usage).map(usage -> usage.orElseThrow(NotFoundException::new));
    }

    @GET
    @Path("/ledger")
    @Operation(summary = "The credit ledger, newest first", description = "Next page: before=<last id>.")
    public Uni<List<LedgerEntry>> ledger(@QueryParam("before") Long before,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return tenant.id().flatMap(id -> credits.ledger(id, before, size));
    }
}
