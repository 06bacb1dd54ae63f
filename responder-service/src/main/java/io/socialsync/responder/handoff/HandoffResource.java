package io.socialsync.responder.handoff;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.CurrentTenant;
import io.socialsync.responder.handoff.HandoffApi.AiSwitch;
import io.socialsync.responder.handoff.HandoffApi.ConversationMessage;
import io.socialsync.responder.handoff.HandoffApi.OperatorReply;
import io.socialsync.responder.handoff.HandoffApi.SentReply;
import io.socialsync.responder.handoff.HandoffApi.WaitingPage;
import io.socialsync.responder.media.OutboundFiles;

/** The calling tenant's conversations that need a person, and what that person does with them. */
@Path("/admin/conversations")
@RolesAllowed(AdminRoles.TENANT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Handoff", description = "Conversations waiting for a person; AI on/off; a person's reply")
public class HandoffResource {

    private final Handoffs handoffs;
    private final CurrentTenant currentTenant;

    public HandoffResource(Handoffs handoffs, CurrentTenant currentTenant) {
        this.handoffs = handoffs;
        this.currentTenant = currentTenant;
    }

    @GET
    @Path("/waiting")
    @Operation(summary = "Conversations waiting for a person", description = "Escalated by the AI (not sure, no "
            + "credits) or taken over by a person; longest waiting first.")
    public Uni<WaitingPage> waiting(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return currentTenant.id().chain(tenant -> handoffs.waiting(tenant, page, size))
                .map(conversations -> new WaitingPage(conversations, page, size));
    }

    @PUT
    @Path("/{id}/ai")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Turn the AI on or off for one conversation", description = "Off: a person takes over and "
            + "the conversation waits for them. On: the AI answers again and open escalations are resolved.")
    @APIResponse(responseCode = "204", description = "Switched")
    @APIResponse(responseCode = "404", description = "No such conversation for this tenant")
    public Uni<Void> switchAi(@PathParam("id") UUID id, @Valid @NotNull AiSwitch ai) {
        return currentTenant.id().chain(tenant -> handoffs.switchAi(tenant, id, ai.enabled()));
    }

    @POST
    @Path("/{id}/replies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a person's reply to the customer", description = "Sent through the platform like an "
            + "AI reply (split, paced, retried) and stored as outbound; the messages waiting for a person are "
            + "answered. The AI stays as it is: turn it on separately.")
    @APIResponse(responseCode = "200", description = "Sent")
    @APIResponse(responseCode = "404", description = "No such conversation for this tenant")
    @APIResponse(responseCode = "409", description = "The platform refused it for good (e.g. the 24-hour window)")
    @APIResponse(responseCode = "503", description = "The platform did not take it now; try again")
    @APIResponse(responseCode = "202", description = "A part's delivery is not confirmed yet: retry with the same "
            + "Idempotency-Key later; nothing is sent twice")
    public Uni<SentReply> reply(@PathParam("id") UUID id, @Valid @NotNull OperatorReply reply,
            @HeaderParam("Idempotency-Key") @Size(max = 200) String idempotencyKey) {
        return currentTenant.id().chain(tenant -> handoffs.reply(tenant, id, reply.text(), Optional.empty(),
                Optional.ofNullable(idempotencyKey).filter(key -> !key.isBlank())));
    }

    @POST
    @Path("/{id}/replies")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Send a person's image or document to the customer", description = "Multipart: `file` (an "
            + "image: JPEG, PNG, WebP, resized like a customer's photo; or a document: PDF, text, Word, Excel) and an "
            + "optional `caption`. Stored like inbound media, then sent like a text reply (same Idempotency-Key, "
            + "window and answers): WhatsApp by link or upload, Instagram as an attachment (the caption follows as a "
            + "text), Telegram sendPhoto / sendDocument.")
    @APIResponse(responseCode = "200", description = "Sent")
    @APIResponse(responseCode = "400", description = "No file, or an empty one")
    @APIResponse(responseCode = "404", description = "No such conversation for this tenant")
    @APIResponse(responseCode = "409", description = "The platform refused it for good, or the window is closed "
            + "and no media may go now (WhatsApp)")
    @APIResponse(responseCode = "413", description = "The file is over the size limit of its kind")
    @APIResponse(responseCode = "415", description = "Not an image or an allowed document, or not what it claims")
    @APIResponse(responseCode = "503", description = "The platform did not take it now; try again")
    @APIResponse(responseCode = "202", description = "A part's delivery is not confirmed yet: retry with the same "
            + "Idempotency-Key later; nothing is sent twice")
    public Uni<SentReply> replyWithMedia(@PathParam("id") UUID id, @RestForm("file") FileUpload file,
            @RestForm("caption") @Size(max = 20_000) String caption,
            @HeaderParam("Idempotency-Key") @Size(max = 200) String idempotencyKey) {
        if (file == null) {
            throw new BadRequestException("A multipart reply needs a file part named file.");
        }
        OutboundFiles.Upload upload = new OutboundFiles.Upload(file.uploadedFile(), file.contentType(),
                file.fileName());
        return currentTenant.id().chain(tenant -> handoffs.reply(tenant, id, caption, Optional.of(upload),
                Optional.ofNullable(idempotencyKey).filter(key -> !key.isBlank())));
    }

    @GET
    @Path("/{id}/messages")
    @Operation(summary = "The conversation's latest messages, oldest first")
    public Uni<List<ConversationMessage>> messages(@PathParam("id") UUID id,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return currentTenant.id().chain(tenant -> handoffs.messages(tenant, id, limit));
    }
}
