package io.socialsync.responder.admin;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;

/** The operator onboards a business: the tenant first, then its first key ({@link OperatorApiKeyResource}). */
@Path("/admin/tenants")
@RolesAllowed(AdminRoles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator")
public class OperatorTenantResource {

    private final Tenants tenants;

    public OperatorTenantResource(Tenants tenants) {
        this.tenants = tenants;
    }

    @Schema(description = "A new business")
    public record NewTenant(
            @Schema(description = "Lower-case letters, digits and dashes", examples = "acme-shop") @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}", message = "must be 2 to 63 lower-case letters, digits or "
                    + "dashes") String slug,
            @Schema(examples = "ACME Shop") @NotBlank @Size(max = 200) String name,
            @Schema(description = "Plan code; starter when absent", examples = "starter") @Size(max = 50) String plan) {
    }

    public record CreatedTenant(UUID id, String slug, String name, String plan, long creditBalance) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a tenant", description = "It starts with its plan's monthly credits.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid slug or name, or unknown plan")
    @APIResponse(responseCode = "409", description = "The slug is taken")
    public Uni<Response> create(@Valid @NotNull NewTenant request) {
        String plan = request.plan() == null || request.plan().isBlank() ? "starter" : request.plan();
        return tenants.create(request.slug(), request.name().strip(), plan).map(result -> switch (result.outcome()) {
            case UNKNOWN_PLAN -> throw new BadRequestException("unknown plan");
            case SLUG_TAKEN -> throw new ClientErrorException(Response.Status.CONFLICT);
            case CREATED -> Response.created(URI.create("/admin/tenants/" + request.slug()))
                    .entity(new CreatedTenant(result.id(), request.slug(), request.name().strip(), plan,
                            result.creditBalance()))
                    .build();
        });
    }
}
