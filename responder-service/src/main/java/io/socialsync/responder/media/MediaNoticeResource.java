package io.socialsync.responder.media;

import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.CurrentTenant;

/** The calling tenant's media notice: read, set, or reset to the deployment's (changes are audited like any other). */
@Path("/admin/media/notice")
@RolesAllowed(AdminRoles.TENANT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Media", description = "What customers read when their media could not be read")
public class MediaNoticeResource {

    /** The tenant's own notice: 1 to 1 000 characters, not blank. */
    public record NewNotice(@NotBlank @Size(max = 1000) String text) {
    }

    private final MediaNotices notices;
    private final CurrentTenant currentTenant;

    public MediaNoticeResource(MediaNotices notices, CurrentTenant currentTenant) {
        this.notices = notices;
        this.currentTenant = currentTenant;
    }

    @GET
    @Operation(summary = "The media notice in force", description = "The tenant's own, or the deployment's default "
            + "(deploymentDefault true).")
    public Uni<MediaNotices.Notice> get() {
        return currentTenant.id().chain(notices::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the tenant's media notice", description = "Sent instead of an answer to a voice note, "
            + "photo or file that could not be read (a caption is still answered).")
    @APIResponse(responseCode = "200", description = "Set")
    @APIResponse(responseCode = "400", description = "Blank or longer than 1 000 characters")
    public Uni<MediaNotices.Notice> set(@Valid @NotNull NewNotice notice) {
        return currentTenant.id().chain(tenant -> notices.set(tenant, Optional.of(notice.text())));
    }

    @DELETE
    @Operation(summary = "Back to the deployment's media notice")
    @APIResponse(responseCode = "200", description = "Reset; the body shows the default now in force")
    public Uni<MediaNotices.Notice> reset() {
        return currentTenant.id().chain(tenant -> notices.set(tenant, Optional.empty()));
    }
}
