package io.socialsync.responder.admin;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;

/**
 * How the first key of a tenant comes to exist: the operator (holder of {@code SOCIALSYNC_ADMIN_API_KEY}) creates
 * it and hands it over; the tenant then rotates its own keys through {@link TenantApiKeyResource}.
 */
@Path("/admin/tenants/{slug}/api-keys")
@RolesAllowed(AdminRoles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator", description = "Installation-wide endpoints; operator key or operator role only")
public class OperatorApiKeyResource {

    private final ApiKeys apiKeys;

    public OperatorApiKeyResource(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key for a tenant", description = "The plaintext key is in this answer only.")
    @APIResponse(responseCode = "201", description = "Created; the body holds the key")
    @APIResponse(responseCode = "404", description = "No such tenant")
    public Uni<Response> create(@PathParam("slug") String slug, @Valid @NotNull NewApiKey request) {
        return apiKeys.createForSlug(slug, request.name()).map(created -> created
                .map(key -> Response.created(URI.create("/admin/tenants/" + slug + "/api-keys/" + key.id()))
                        .entity(key).build())
                .orElseThrow(NotFoundException::new));
    }

    @GET
    @Operation(summary = "List a tenant's API keys (never the keys themselves)")
    @APIResponse(responseCode = "200", description = "The keys, oldest first")
    @APIResponse(responseCode = "404", description = "No such tenant")
    public Uni<List<ApiKeys.ApiKeyView>> list(@PathParam("slug") String slug) {
        return tenant(slug).chain(apiKeys::list);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a tenant's API key", description = "Refused from the next request on.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such tenant or key")
    public Uni<Void> revoke(@PathParam("slug") String slug, @PathParam("id") UUID id) {
        return tenant(slug).chain(tenant -> apiKeys.revoke(tenant, id)).map(revoked -> {
            if (!revoked) {
                throw new NotFoundException();
            }
            return null;
        });
    }

    private Uni<UUID> tenant(String slug) {
        return apiKeys.tenantIdOf(slug).map(tenant -> tenant.orElseThrow(NotFoundException::new));
    }
}
