package io.socialsync.responder.console;

import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.batch.DeadLetter;
import io.socialsync.responder.batch.DeadLetters;
import io.socialsync.responder.credits.Credits;
import io.socialsync.responder.credits.Plan;

/** The operator's views: tenants with their plan and balance (top-up, plan change), plans, and dead letters (replay). */
@Path("/console/operator")
@RolesAllowed(AdminRoles.OPERATOR)
@Produces(MediaType.TEXT_HTML)
@TemplateData(target = Plan.class)
@TemplateData(target = DeadLetter.class)
public class OperatorPageResource {

    private static final int DEAD_LETTERS = 200;

    private final Template tenantsPage;
    private final Template tenantsList;
    private final Template deadLettersPage;
    private final Template deadLettersList;
    private final ConsoleTenants tenants;
    private final Credits credits;
    private final DeadLetters deadLetters;
    private final ConsolePages pages;

    public OperatorPageResource(@Location("console/operator-tenants.html") Template tenantsPage,
            @Location("console/operator-tenants-list.html") Template tenantsList,
            @Location("console/operator-dead-letters.html") Template deadLettersPage,
            @Location("console/operator-dead-letters-list.html") Template deadLettersList, ConsoleTenants tenants,
            Credits credits, DeadLetters deadLetters, ConsolePages pages) {
        this.tenantsPage = tenantsPage;
        this.tenantsList = tenantsList;
        this.deadLettersPage = deadLettersPage;
        this.deadLettersList = deadLettersList;
        this.tenants = tenants;
        this.credits = credits;
        this.deadLetters = deadLetters;
        this.pages = pages;
    }

    @GET
    @Path("/tenants")
    @Operation(hidden = true)
    public Uni<TemplateInstance> tenantsPage(@Context HttpHeaders headers) {
        return pages.page(headers, "tenants").flatMap(page -> tenants.list().flatMap(found -> credits.plans()
                .map(plans -> tenantsPage.data("page", page).data("tenants", found).data("plans", plans)
                        .data("notice", null).setLocale(page.locale()))));
    }

    @POST
    @Path("/tenants/{slug}/top-up")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<TemplateInstance> topUp(@PathParam("slug") String slug, @RestForm String credits,
            @RestForm String note, @Context HttpHeaders headers) {
        long amount;
        try {
            amount = Long.parseLong(credits == null ? "" : credits.strip());
        } catch (NumberFormatException e) {
            amount = 0;
        }
        if (amount < 1 || amount > 10_000_000) {
            return list(headers, "top_up_invalid");
        }
        return this.credits.topUp(slug, amount, "operator", note == null || note.isBlank() ? null : note.strip())
                .flatMap(balance -> list(headers, balance.isPresent() ? "top_up_done" : "no_tenant"));
    }

    @POST
    @Path("/tenants/{slug}/plan")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<TemplateInstance> changePlan(@PathParam("slug") String slug, @RestForm String plan,
            @RestForm String effective, @Context HttpHeaders headers) {
        Credits.Effective when = "next_period".equals(effective)
                ? Credits.Effective.NEXT_PERIOD
                : Credits.Effective.NOW;
        return credits.changePlan(slug, plan == null ? "" : plan, when, "operator")
                .flatMap(outcome -> list(headers, switch (outcome) {
                    case UNKNOWN_PLAN -> "unknown_plan";
                    case UNKNOWN_TENANT -> "no_tenant";
                    case CHANGED -> "plan_changed";
                    case SCHEDULED -> "plan_scheduled";
                }));
    }

    private Uni<TemplateInstance> list(HttpHeaders headers, String notice) {
        Locale locale = ConsoleLocale.of(headers);
        return tenants.list().flatMap(found -> credits.plans().map(plans -> tenantsList.data("tenants", found)
                .data("plans", plans).data("notice", notice).data("noticeKey", "operator_notice_" + notice)
                .setLocale(locale)));
    }

    @GET
    @Path("/dead-letters")
    @Operation(hidden = true)
    public Uni<TemplateInstance> deadLettersPage(@Context HttpHeaders headers) {
        return pages.page(headers, "dead-letters").flatMap(page -> deadLetters.list(DEAD_LETTERS, null)
                .map(found -> deadLettersPage.data("page", page).data("deadLetters", found).data("notice", null)
                        .data("noticeKey", null).setLocale(page.locale())));
    }

    /** Puts a dead letter's messages back on the claim path. */
    @POST
    @Path("/dead-letters/{id}/replay")
    @Operation(hidden = true)
    public Uni<TemplateInstance> replay(@PathParam("id") String id, @Context HttpHeaders headers) {
        Uni<String> notice = id.matches("\\d+-\\d+")
                ? deadLetters.replay(id).map(replayed -> replayed.isPresent() ? "replayed" : "no_dead_letter")
                : Uni.createFrom().item("no_dead_letter");
        return notice.flatMap(done -> deadLetters.list(DEAD_LETTERS, null)
                .map(found -> deadLettersList.data("deadLetters", found).data("notice", done)
                        .data("noticeKey", "operator_notice_" + done).setLocale(ConsoleLocale.of(headers))));
    }
}
