package io.socialsync.responder.console;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.CurrentTenant;
import io.socialsync.responder.handoff.Handoffs;

/**
 * One conversation: its thread (live), and what a person does with it through the same {@link Handoffs} service as
 * the admin API: reply (sent exactly once per form, through the responder's part sender), AI off, pause, hand back.
 */
@Path("/console/conversations/{id}")
@RolesAllowed(AdminRoles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class ConversationPageResource {

    private static final int THREAD_LIMIT = 200;

    /** What a person's reply came to, for the page: the outcome's key and the platform's words when refused. */
    @TemplateData
    public record ReplyOutcome(String outcome, String detail, String nextKey) {
    }

    private final Template conversation;
    private final Template head;
    private final Template thread;
    private final Template replyResult;
    private final ConsoleConversations conversations;
    private final Handoffs handoffs;
    private final CurrentTenant currentTenant;
    private final ConsolePages pages;
    private final ConsoleLive live;

    public ConversationPageResource(@Location("console/conversation.html") Template conversation,
            @Location("console/conversation-head.html") Template head,
            @Location("console/conversation-thread.html") Template thread,
            @Location("console/reply-result.html") Template replyResult, ConsoleConversations conversations,
            Handoffs handoffs, CurrentTenant currentTenant, ConsolePages pages, ConsoleLive live) {
        this.conversation = conversation;
        this.head = head;
        this.thread = thread;
        this.replyResult = replyResult;
        this.conversations = conversations;
        this.handoffs = handoffs;
        this.currentTenant = currentTenant;
        this.pages = pages;
        this.live = live;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> page(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        return pages.page(headers, "inbox").flatMap(page -> currentTenant.id()
                .flatMap(tenant -> conversations.head(tenant, id)
                        .flatMap(found -> conversations.thread(tenant, id, THREAD_LIMIT)
                                .map(messages -> conversation.data("page", page).data("c", found)
                                        .data("messages", messages).data("nextKey", UUID.randomUUID().toString())
                                        .setLocale(page.locale())))));
    }

    @GET
    @Path("/thread")
    @Operation(hidden = true)
    public Uni<TemplateInstance> thread(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        return currentTenant.id().flatMap(tenant -> conversations.head(tenant, id)
                .flatMap(found -> conversations.thread(tenant, id, THREAD_LIMIT).map(messages -> thread
                        .data("c", found).data("messages", messages).setLocale(ConsoleLocale.of(headers)))));
    }

    @GET
    @Path("/head")
    @Operation(hidden = true)
    public Uni<TemplateInstance> head(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        return currentTenant.id().flatMap(tenant -> conversations.head(tenant, id))
                .map(found -> head.data("c", found).setLocale(ConsoleLocale.of(headers)));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public Multi<String> stream(@PathParam("id") UUID id) {
        return currentTenant.id().onItem()
                .transformToMulti(tenant -> live.changes(() -> conversations.fingerprint(tenant, id)));
    }

    /**
     * Sends a person's reply. The form carries a fresh idempotency key per render: a double submit or a retry after a
     * lost answer sends nothing twice. A refusal (409, e.g. the 24-hour window closed and no template) or a platform
     * that did not take it (503) is shown, with the platform's words; an unconfirmed delivery (202) says to retry.
     */
    @POST
    @Path("/reply")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<TemplateInstance> reply(@PathParam("id") UUID id, @RestForm String text, @RestForm String key,
            @Context HttpHeaders headers) {
        if (text == null || text.isBlank() || text.length() > 20_000) {
            return Uni.createFrom().item(outcome(headers, new ReplyOutcome("empty", null, key)));
        }
        Optional<String> idempotencyKey = Optional.ofNullable(key)
                .filter(value -> !value.isBlank() && value.length() <= 200);
        return currentTenant.id().flatMap(tenant -> handoffs.reply(tenant, id, text, Optional.empty(), idempotencyKey))
                .map(sent -> outcome(headers, new ReplyOutcome("sent", null, UUID.randomUUID().toString())))
                .onFailure(failure -> failure instanceof WebApplicationException web
                        && !(failure instanceof NotFoundException) && web.getResponse().getStatus() != 400)
                .recoverWithItem(failure -> {
                    int status = ((WebApplicationException) failure).getResponse().getStatus();
                    String outcome = switch (status) {
                        case 409 -> "refused";
                        case 202 -> "unconfirmed";
                        default -> "not_sent";
                    };
                    // Same key again: a retry resumes the recorded reply instead of sending a second one.
                    return outcome(headers, new ReplyOutcome(outcome, failure.getMessage(), key));
                });
    }

    private TemplateInstance outcome(HttpHeaders headers, ReplyOutcome outcome) {
        return replyResult.data("result", outcome).setLocale(ConsoleLocale.of(headers));
    }

    /** {@code on}: hand back to the AI (escalations resolved, pause cleared); {@code off}: a person takes over. */
    @POST
    @Path("/ai")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<TemplateInstance> switchAi(@PathParam("id") UUID id, @RestForm boolean enabled,
            @Context HttpHeaders headers) {
        return currentTenant.id().flatMap(tenant -> handoffs.switchAi(tenant, id, enabled)
                .flatMap(done -> conversations.head(tenant, id)))
                .map(found -> head.data("c", found).setLocale(ConsoleLocale.of(headers)));
    }

    /** Keeps the AI quiet for a while without taking the conversation over. */
    @POST
    @Path("/pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<TemplateInstance> pause(@PathParam("id") UUID id, @RestForm @Min(1) @Max(10_080) int minutes,
            @Context HttpHeaders headers) {
        return currentTenant.id().flatMap(tenant -> conversations.pauseAi(tenant, id, Duration.ofMinutes(minutes))
                .flatMap(done -> conversations.head(tenant, id)))
                .map(found -> head.data("c", found).setLocale(ConsoleLocale.of(headers)));
    }
}
