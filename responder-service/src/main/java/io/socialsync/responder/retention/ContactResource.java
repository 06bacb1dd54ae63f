package io.socialsync.responder.retention;

import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;

/** A customer's right to erasure: the tenant erases its own customers, the operator any. */
@Path("/admin/contacts")
@RolesAllowed({AdminRoles.TENANT_ADMIN, AdminRoles.OPERATOR})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Erasure")
public class ContactResource {

    private final ContactErasure erasure;
    private final SecurityIdentity identity;

    public ContactResource(ContactErasure erasure, SecurityIdentity identity) {
        this.erasure = erasure;
        this.identity = identity;
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Erase a customer", description = "Messages, contact, conversation, caches, Redis windows "
            + "and stream entries; what remains is an audit entry without personal data.")
    @APIResponse(responseCode = "200", description = "Erased; the counts of what was removed")
    @APIResponse(responseCode = "404", description = "No such contact (of the calling tenant)")
    public Uni<ContactErasure.Erased> erase(@PathParam("id") UUID id) {
        boolean operator = identity.hasRole(AdminRoles.OPERATOR);
        Optional<UUID> tenant = operator
                ? Optional.empty()
                : Optional.of((UUID) identity.getAttribute(AdminRoles.TENANT_ID));
        return erasure.erase(id, tenant, operator ? "operator" : "tenant")
                .map(erased -> erased.orElseThrow(NotFoundException::new));
    }
}
