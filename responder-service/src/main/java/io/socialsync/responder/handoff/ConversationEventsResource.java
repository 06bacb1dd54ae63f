package io.socialsync.responder.handoff;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.CurrentTenant;

/** A conversation's events besides its messages, and its customer's state, for the person who takes it over. */
@Path("/admin/conversations/{id}/events")
@RolesAllowed(AdminRoles.TENANT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Handoff")
public class ConversationEventsResource {

    private final ConversationEvents events;
    private final CurrentTenant currentTenant;

    public ConversationEventsResource(ConversationEvents events, CurrentTenant currentTenant) {
        this.events = events;
        this.currentTenant = currentTenant;
    }

    @GET
    @Operation(summary = "Calls, permission replies, identity changes, blocks and thread ownership", description = "Newest first, with the customer's current ids, marketing preference and reachability.")
    @APIResponse(responseCode = "200", description = "The timeline")
    @APIResponse(responseCode = "404", description = "No such conversation for this tenant")
    public Uni<ConversationEvents.Timeline> events(@PathParam("id") UUID id,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return currentTenant.id().chain(tenant -> events.of(tenant, id, limit));
    }
}
