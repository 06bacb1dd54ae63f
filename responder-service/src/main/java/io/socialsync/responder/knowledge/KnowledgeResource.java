package io.socialsync.responder.knowledge;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.CurrentTenant;
import io.socialsync.responder.knowledge.KnowledgeApi.DocumentDetail;
import io.socialsync.responder.knowledge.KnowledgeApi.DocumentPage;
import io.socialsync.responder.knowledge.KnowledgeApi.NewDocument;
import io.socialsync.responder.knowledge.KnowledgeApi.NewFaq;
import io.socialsync.responder.problem.Problem;

/** The calling tenant's knowledge base: the documents and FAQ entries the AI answers from. */
@Path("/admin/knowledge")
@RolesAllowed(AdminRoles.TENANT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Knowledge", description = "The calling tenant's documents and FAQ entries")
public class KnowledgeResource {

    private final KnowledgeDocuments documents;
    private final CurrentTenant currentTenant;

    public KnowledgeResource(KnowledgeDocuments documents, CurrentTenant currentTenant) {
        this.documents = documents;
        this.currentTenant = currentTenant;
    }

    @POST
    @Path("/documents")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a plain-text or Markdown document", description = "Cut into passages of about 1000 "
            + "characters with overlap; Markdown passages carry their section heading.")
    @APIResponse(responseCode = "201", description = "Stored with its passages", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DocumentDetail.class)))
    @APIResponse(responseCode = "400", description = "Invalid title, kind or content", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> addDocument(@Valid @NotNull NewDocument document) {
        return currentTenant.id()
                .chain(tenant -> documents.addDocument(tenant, document.title().strip(),
                        DocumentKind.fromWire(document.kind()), document.content()))
                .map(KnowledgeResource::created);
    }

    @POST
    @Path("/faq")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add an FAQ entry", description = "Stored as a document of kind faq with one passage "
            + "\"Q: … A: …\".")
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DocumentDetail.class)))
    @APIResponse(responseCode = "400", description = "Invalid question or answer", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> addFaq(@Valid @NotNull NewFaq faq) {
        return currentTenant.id().chain(tenant -> documents.addFaq(tenant, faq.question(), faq.answer()))
                .map(KnowledgeResource::created);
    }

    @GET
    @Path("/documents")
    @Operation(summary = "List documents, newest first")
    @APIResponse(responseCode = "200", description = "One page")
    public Uni<DocumentPage> list(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return currentTenant.id().chain(tenant -> documents.page(tenant, page, size));
    }

    @GET
    @Path("/documents/{id}")
    @Operation(summary = "One document with its passages")
    @APIResponse(responseCode = "200", description = "The document")
    @APIResponse(responseCode = "404", description = "The tenant has no such document")
    public Uni<DocumentDetail> get(@PathParam("id") UUID id) {
        return currentTenant.id().chain(tenant -> documents.find(tenant, id))
                .map(found -> found.orElseThrow(NotFoundException::new));
    }

    @DELETE
    @Path("/documents/{id}")
    @Operation(summary = "Delete a document and its passages")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "The tenant has no such document")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return currentTenant.id().chain(tenant -> documents.delete(tenant, id)).map(deleted -> {
            if (!deleted) {
                throw new NotFoundException();
            }
            return null;
        });
    }

    private static Response created(DocumentDetail document) {
        return Response.created(URI.create("/admin/knowledge/documents/" + document.id())).entity(document).build();
    }
}
