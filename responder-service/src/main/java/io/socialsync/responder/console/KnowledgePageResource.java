package io.socialsync.responder.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.CurrentTenant;
import io.socialsync.responder.ai.AnswerPreview;
import io.socialsync.responder.knowledge.DocumentKind;
import io.socialsync.responder.knowledge.KnowledgeApi;
import io.socialsync.responder.knowledge.KnowledgeDocuments;

/**
 * The tenant's knowledge base in the console: list, add (FAQ, text or Markdown, a file), delete, and "try it" (the
 * answer the AI would give and the passages it used), through the services of the admin API.
 */
@Path("/console/knowledge")
@RolesAllowed(AdminRoles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
@TemplateData(target = KnowledgeApi.DocumentSummary.class)
@TemplateData(target = AnswerPreview.Preview.class)
public class KnowledgePageResource {

    private static final int PAGE_SIZE = 100;

    private final Template knowledge;
    private final Template knowledgeList;
    private final Template tryResult;
    private final KnowledgeDocuments documents;
    private final AnswerPreview preview;
    private final CurrentTenant currentTenant;
    private final ConsolePages pages;

    public KnowledgePageResource(@Location("console/knowledge.html") Template knowledge,
            @Location("console/knowledge-list.html") Template knowledgeList,
            @Location("console/try-result.html") Template tryResult, KnowledgeDocuments documents,
            AnswerPreview preview, CurrentTenant currentTenant, ConsolePages pages) {
        this.knowledge = knowledge;
        this.knowledgeList = knowledgeList;
        this.tryResult = tryResult;
        this.documents = documents;
        this.preview = preview;
        this.currentTenant = currentTenant;
        this.pages = pages;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> page(@Context HttpHeaders headers) {
        return pages.page(headers, "knowledge").flatMap(page -> currentTenant.id()
                .flatMap(tenant -> documents.page(tenant, 0, PAGE_SIZE))
                .map(found -> knowledge.data("page", page).data("documents", found.items()).data("total", found.total())
                        .data("notice", null).data("noticeKey", null).setLocale(page.locale())));
    }

    @POST
    @Path("/faq")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<TemplateInstance> addFaq(@RestForm String question, @RestForm String answer,
            @Context HttpHeaders headers) {
        if (blank(question) || blank(answer) || question.length() > KnowledgeApi.MAX_QUESTION
                || answer.length() > KnowledgeApi.MAX_ANSWER) {
            return list(headers, "invalid_faq");
        }
        return currentTenant.id().flatMap(tenant -> documents.addFaq(tenant, question.strip(), answer.strip()))
                .flatMap(added -> list(headers, "added"));
    }

    @POST
    @Path("/documents")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<TemplateInstance> addDocument(@RestForm String title, @RestForm String kind, @RestForm String content,
            @Context HttpHeaders headers) {
        DocumentKind documentKind = "markdown".equals(kind) ? DocumentKind.MARKDOWN : DocumentKind.TEXT;
        return add(title, documentKind, content, headers);
    }

    /** A Markdown ({@code .md}) or text ({@code .txt}) file in UTF-8; its name becomes the title. */
    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(hidden = true)
    public Uni<TemplateInstance> upload(@RestForm("file") FileUpload file, @Context HttpHeaders headers) {
        if (file == null || file.size() == 0 || file.size() > 4L * KnowledgeApi.MAX_CONTENT) {
            return list(headers, "invalid_file");
        }
        String name = file.fileName() == null ? "" : file.fileName().strip();
        String lower = name.toLowerCase(Locale.ROOT);
        DocumentKind kind;
        if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
            kind = DocumentKind.MARKDOWN;
        } else if (lower.endsWith(".txt")) {
            kind = DocumentKind.TEXT;
        } else {
            return list(headers, "invalid_file");
        }
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file.uploadedFile()))).toString();
        } catch (CharacterCodingException e) {
            return list(headers, "invalid_file");
        } catch (IOException e) {
            throw new IllegalStateException("the uploaded file could not be read", e);
        }
        String title = name.substring(0, name.lastIndexOf('.'));
        return add(title.isBlank() ? name : title, kind, content, headers);
    }

    private Uni<TemplateInstance> add(String title, DocumentKind kind, String content, HttpHeaders headers) {
        if (blank(title) || blank(content) || title.length() > KnowledgeApi.MAX_TITLE
                || content.length() > KnowledgeApi.MAX_CONTENT) {
            return list(headers, "invalid_document");
        }
        return currentTenant.id().flatMap(tenant -> documents.addDocument(tenant, title.strip(), kind, content))
                .flatMap(added -> list(headers, "added"));
    }

    @DELETE
    @Path("/documents/{id}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> delete(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        return currentTenant.id().flatMap(tenant -> documents.delete(tenant, id))
                .flatMap(deleted -> list(headers, deleted ? "deleted" : "not_found"));
    }

    @POST
    @Path("/try")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<TemplateInstance> tryIt(@RestForm String question, @Context HttpHeaders headers) {
        Locale locale = ConsoleLocale.of(headers);
        if (blank(question) || question.length() > 2_000) {
            return Uni.createFrom().item(tryResult.data("preview", null).setLocale(locale));
        }
        return currentTenant.id().flatMap(tenant -> preview.answer(tenant, question.strip()))
                .map(answer -> tryResult.data("preview", answer).setLocale(locale));
    }

    private Uni<TemplateInstance> list(HttpHeaders headers, String notice) {
        Locale locale = ConsoleLocale.of(headers);
        return currentTenant.id().flatMap(tenant -> documents.page(tenant, 0, PAGE_SIZE))
                .map(found -> knowledgeList.data("documents", found.items()).data("total", found.total())
                        .data("notice", notice).data("noticeKey", "knowledge_notice_" + notice).setLocale(locale));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
