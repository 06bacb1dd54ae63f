package io.socialsync.responder.console;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.account.AccountProblem;
import io.socialsync.responder.account.AccountView;
import io.socialsync.responder.account.Accounts;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.CurrentTenant;
import io.socialsync.responder.credits.Credits;
import io.socialsync.responder.credits.LedgerEntry;
import io.socialsync.responder.credits.Usage;

/**
 * The tenant's connected accounts (state, the platform's reason for {@code needs_reconnect}, check, connect) and its
 * credits (balance, consumption by day and platform, ledger), through the services of the admin API.
 */
@Path("/console")
@RolesAllowed(AdminRoles.TENANT_ADMIN)
@Produces(MediaType.TEXT_HTML)
@TemplateData(target = AccountView.class)
@TemplateData(target = Usage.class)
@TemplateData(target = LedgerEntry.class)
public class AccountsPageResource {

    private static final int LEDGER_SIZE = 50;

    /** What an account action came to: the notice's key and the platform's words when it refused. */
    @TemplateData
    public record Notice(String key, String detail) {
    }

    private final Template accountsPage;
    private final Template accountsList;
    private final Template usagePage;
    private final Accounts accounts;
    private final Credits credits;
    private final CurrentTenant currentTenant;
    private final ConsolePages pages;

    public AccountsPageResource(@Location("console/accounts.html") Template accountsPage,
            @Location("console/accounts-list.html") Template accountsList,
            @Location("console/usage.html") Template usagePage, Accounts accounts, Credits credits,
            CurrentTenant currentTenant, ConsolePages pages) {
        this.accountsPage = accountsPage;
        this.accountsList = accountsList;
        this.usagePage = usagePage;
        this.accounts = accounts;
        this.credits = credits;
        this.currentTenant = currentTenant;
        this.pages = pages;
    }

    @GET
    @Path("/accounts")
    @Operation(hidden = true)
    public Uni<TemplateInstance> accountsPage(@Context HttpHeaders headers) {
        return pages.page(headers, "accounts").flatMap(page -> currentTenant.id()
                .flatMap(tenant -> accounts.list(Optional.of(tenant)))
                .map(found -> accountsPage.data("page", page).data("accounts", found).data("notice", null)
                        .setLocale(page.locale())));
    }

    /** Checks the stored token with the platform and shows the verdict (needs_reconnect with the reason). */
    @POST
    @Path("/accounts/{id}/check")
    @Operation(hidden = true)
    public Uni<TemplateInstance> check(@PathParam("id") UUID id, @Context HttpHeaders headers) {
        return currentTenant.id()
                .flatMap(tenant -> accounts.check(Optional.of(tenant), id)
                        .map(checked -> checked.valid()
                                ? new Notice("account_valid", null)
                                : new Notice("account_refused", checked.reason()))
                        .onFailure(AccountProblem.class)
                        .recoverWithItem(problem -> new Notice("account_not_checked", problem.getMessage()))
                        .flatMap(notice -> list(tenant, notice, headers)));
    }

    /** Connects an account: the platform checks the token first; a refusal (422, 409, 503) is shown with its words. */
    @POST
    @Path("/accounts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<TemplateInstance> connect(@RestForm String platform, @RestForm String accountId,
            @RestForm String accessToken, @RestForm String wabaId, @Context HttpHeaders headers) {
        return currentTenant.id().flatMap(tenant -> {
            Optional<Platform> chosen = Arrays.stream(Platform.values())
                    .filter(known -> known.wire().equals(platform)).findFirst();
            if (chosen.isEmpty() || blank(accountId) || blank(accessToken) || accountId.length() > 100
                    || accessToken.length() > 4_000) {
                return list(tenant, new Notice("account_invalid", null), headers);
            }
            return accounts.connect(tenant, chosen.get(), accountId.strip(), accessToken.strip(),
                    Optional.ofNullable(wabaId).filter(value -> !value.isBlank()).map(String::strip))
                    .map(connected -> new Notice("account_connected", null))
                    .onFailure(failure -> failure instanceof AccountProblem
                            || failure instanceof WebApplicationException web
                                    && (web.getResponse().getStatus() < 500 || web.getResponse().getStatus() == 503))
                    .recoverWithItem(failure -> new Notice("account_not_connected", failure.getMessage()))
                    .flatMap(notice -> list(tenant, notice, headers));
        });
    }

    private Uni<TemplateInstance> list(UUID tenant, Notice notice, HttpHeaders headers) {
        Locale locale = ConsoleLocale.of(headers);
        return accounts.list(Optional.of(tenant))
                .map(found -> accountsList.data("accounts", found).data("notice", notice).setLocale(locale));
    }

    @GET
    @Path("/usage")
    @Operation(hidden = true)
    public Uni<TemplateInstance> usagePage(@Context HttpHeaders headers) {
        return pages.page(headers, "usage").flatMap(page -> currentTenant.id()
                .flatMap(tenant -> credits.usage(tenant).flatMap(usage -> credits.ledger(tenant, null, LEDGER_SIZE)
                        .map(ledger -> usagePage.data("page", page).data("usage", usage.orElse(null))
                                .data("ledger", ledger).setLocale(page.locale())))));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
