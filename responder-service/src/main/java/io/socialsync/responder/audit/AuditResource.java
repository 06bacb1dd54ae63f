package io.socialsync.responder.audit;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.TenantScope;

/** The audit log: a tenant reads its own entries, the operator every tenant's (or one's, with {@code ?tenant}). */
@Path("/admin/audit")
@RolesAllowed({AdminRoles.TENANT_ADMIN, AdminRoles.OPERATOR})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

    private final AuditTrail trail;
    private final TenantScope scope;

    public AuditResource(AuditTrail trail, TenantScope scope) {
        this.trail = trail;
        this.scope = scope;
    }

    @GET
    @Operation(summary = "Changes made through the admin API, newest first", description = "Who, what, on which "
            + "tenant, when. Page with ?before=<the last id of the page>.")
    public Uni<List<AuditEntry>> read(
            @Parameter(description = "Operator only: one tenant's entries") @QueryParam("tenant") String tenant,
            @Parameter(description = "Entries older than this id") @QueryParam("before") @DefaultValue("9223372036854775807") @Min(1) long before,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return scope.resolve(tenant).flatMap(scoped -> trail.read(scoped, before, limit));
    }
}
