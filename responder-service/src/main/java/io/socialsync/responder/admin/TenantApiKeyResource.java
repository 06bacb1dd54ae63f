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

/** A tenant's own keys: rotation is create a new key, switch to it, revoke the old one. */
@Path("/admin/api-keys")
@RolesAllowed(AdminRoles.TENANT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API keys", description = "The calling tenant's API keys")
public class TenantApiKeyResource {

    private final ApiKeys apiKeys;
    private final CurrentTenant currentTenant;

    public TenantApiKeyResource(ApiKeys apiKeys, CurrentTenant currentTenant) {
        this.apiKeys = apiKeys;
        this.currentTenant = currentTenant;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create another API key for the calling tenant", description = "The plaintext key is in "
            + "this answer only.")
    @APIResponse(responseCode = "201", description = "Created; the body holds the key")
    public Uni<Response> create(@Valid @NotNull NewApiKey request) {
        return currentTenant.id().chain(tenant -> apiKeys.createForTenant(tenant, request.name()))
                .map(key -> Response.created(URI.create("/admin/api-keys/" + key.id())).entity(key).build());
    }

    @GET
    @Operation(summary = "List the calling tenant's API keys (never the keys themselves)")
    @APIResponse(responseCode = "200", description = "The keys, oldest first")
    public Uni<List<ApiKeys.ApiKeyView>> list() {
        return currentTenant.id().chain(apiKeys::list);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke one of the calling tenant's API keys")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "The tenant has no such key")
    public Uni<Void> revoke(@PathParam("id") UUID id) {
        return currentTenant.id().chain(tenant -> apiKeys.revoke(tenant, id)).map(revoked -> {
            if (!revoked) {
                throw new NotFoundException();
            }
            return null;
        });
    }
}
