package io.socialsync.responder.ai;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.CurrentTenant;

/** Ask the calling tenant's AI a question, as a customer would, without a customer. */
@Path("/admin/knowledge/try")
@RolesAllowed(AdminRoles.TENANT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Knowledge")
public class AnswerPreviewResource {

    /** A customer's question. */
    public record Question(@NotBlank @Size(max = 2_000) String question) {
    }

    private final AnswerPreview preview;
    private final CurrentTenant currentTenant;

    public AnswerPreviewResource(AnswerPreview preview, CurrentTenant currentTenant) {
        this.preview = preview;
        this.currentTenant = currentTenant;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The answer the AI would give, and the passages it used", description = "Nothing is sent, "
            + "stored or charged. Uses the tenant's prompt and knowledge base and the configured AI (offline: the "
            + "best passage).")
    public Uni<AnswerPreview.Preview> ask(@Valid @NotNull Question question) {
        return currentTenant.id().chain(tenant -> preview.answer(tenant, question.question().strip()));
    }
}
