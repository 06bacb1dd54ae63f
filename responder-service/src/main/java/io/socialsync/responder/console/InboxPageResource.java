package io.socialsync.responder.console;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.CurrentTenant;

/**
 * The inbox page, its list (re-rendered by htmx) and its live stream: an event whenever the list would change, found
 * by polling PostgreSQL for this page only (nothing is added to ingest's path).
 */
@Path("/console/inbox")
@RolesAllowed(AdminRoles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class InboxPageResource {

    private static final int LIMIT = 100;

    private final Template inbox;
    private final Template inboxList;
    private final ConsoleInbox conversations;
    private final CurrentTenant currentTenant;
    private final ConsolePages pages;
    private final ConsoleLive live;

    public InboxPageResource(@Location("console/inbox.html") Template inbox,
            @Location("console/inbox-list.html") Template inboxList, ConsoleInbox conversations,
            CurrentTenant currentTenant, ConsolePages pages, ConsoleLive live) {
        this.inbox = inbox;
        this.inboxList = inboxList;
        this.conversations = conversations;
        this.currentTenant = currentTenant;
        this.pages = pages;
        this.live = live;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> page(@QueryParam("platform") String platform, @QueryParam("account") String account,
            @QueryParam("contact") String contact, @Context HttpHeaders headers) {
        ConsoleInbox.Filter filter = new ConsoleInbox.Filter(platform, account, contact);
        return pages.page(headers, "inbox").flatMap(page -> currentTenant.id()
                .flatMap(tenant -> conversations.accounts(tenant)
                        .flatMap(accounts -> conversations.list(tenant, filter, LIMIT)
                                .map(entries -> inbox.data("page", page).data("filter", filter)
                                        .data("accounts", accounts)
                                        .data("platforms", List.of(Platform.values()).stream().map(Platform::wire)
                                                .toList())
                                        .data("entries", entries).setLocale(page.locale())))));
    }

    @GET
    @Path("/list")
    @Operation(hidden = true)
    public Uni<TemplateInstance> list(@QueryParam("platform") String platform, @QueryParam("account") String account,
            @QueryParam("contact") String contact, @Context HttpHeaders headers) {
        Locale locale = ConsoleLocale.of(headers);
        return currentTenant.id()
                .flatMap(tenant -> conversations.list(tenant, new ConsoleInbox.Filter(platform, account, contact),
                        LIMIT))
                .map(entries -> inboxList.data("entries", entries).setLocale(locale));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public Multi<String> stream() {
        return currentTenant.id().onItem()
                .transformToMulti(tenant -> live.changes(() -> conversations.fingerprint(tenant)));
    }
}
