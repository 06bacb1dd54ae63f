package io.socialsync.responder.account;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.TenantScope;
import io.socialsync.responder.platform.AccountAdapter.WebhookSubscription;

/**
 * A tenant's WhatsApp numbers and Instagram accounts. A tenant sees and changes its own; the operator any tenant's
 * ({@code ?tenant=<slug>} where one tenant must be named). Another tenant's account answers 404, as if it did not
 * exist. Tokens go in, never out.
 */
@Path("/admin/accounts")
@RolesAllowed({AdminRoles.TENANT_ADMIN, AdminRoles.OPERATOR})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class AccountResource {

    private static final String TENANT_PARAM = "Operator only: the tenant's slug (a tenant always acts on its own)";

    private final Accounts accounts;
    private final AccountMessaging messaging;
    private final TenantScope scope;

    public AccountResource(Accounts accounts, AccountMessaging messaging, TenantScope scope) {
        this.accounts = accounts;
        this.messaging = messaging;
        this.scope = scope;
    }

    @Schema(description = "An account to connect, with a token that can read it and send from it")
    public record NewAccount(
            @Schema(examples = "whatsapp") @NotNull @Pattern(regexp = "whatsapp|instagram|telegram", message = "must be whatsapp, instagram or telegram") String platform,
            @Schema(description = "WhatsApp phone_number_id, Instagram professional account id or Telegram bot id", examples = "106540352242922") @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "must be the platform's id") String platformAccountId,
            @Schema(description = "A long-lived token (WhatsApp: system user token; Instagram: Instagram Login token). Stored encrypted, never returned.") @NotBlank @Size(max = 2048) String accessToken,
            @Schema(description = "WhatsApp only: the WhatsApp Business Account id, to subscribe the app to its webhooks") @Size(max = 100) @Pattern(regexp = "[0-9]+", message = "must be the WABA's numeric id") String wabaId) {

        @Override
        public String toString() {
            return "NewAccount[platform=" + platform + ", platformAccountId=" + platformAccountId + "]";
        }
    }

    @Schema(description = "A new token for an account")
    public record NewToken(@NotBlank @Size(max = 2048) String accessToken) {

        @Override
        public String toString() {
            return "NewToken[]";
        }
    }

    public record ConnectedAccount(AccountView account, WebhookSubscription webhooks) {
    }

    public record CheckedAccount(AccountView account,
            @Schema(description = "Whether the platform accepted the stored token") boolean valid,
            @Schema(description = "The platform's reason when it did not") String reason) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Connect an account", description = "Checks the token with the platform first (WhatsApp: GET "
            + "/{phone_number_id}; Instagram: GET /me); nothing is stored when it refuses. Then subscribes the app to "
            + "the account's webhooks where the platform allows it and says what it could not do. Connecting an "
            + "account of the same tenant again replaces its token and makes it active.")
    @APIResponse(responseCode = "201", description = "Connected")
    @APIResponse(responseCode = "200", description = "Connected again (it was already this tenant's)")
    @APIResponse(responseCode = "409", description = "Another tenant holds this account")
    @APIResponse(responseCode = "422", description = "The platform refused: wrong id, bad token or missing permission")
    @APIResponse(responseCode = "503", description = "The platform could not be asked now")
    public Uni<Response> connect(@Parameter(description = TENANT_PARAM) @QueryParam("tenant") String tenant,
            @Valid @NotNull NewAccount request) {
        return scope.one(tenant)
                .flatMap(tenantId -> accounts.connect(tenantId, Platform.fromWire(request.platform()),
                        request.platformAccountId(), request.accessToken(),
                        Optional.ofNullable(request.wabaId()).filter(id -> !id.isBlank())))
                .map(connected -> (connected.created()
                        ? Response.created(URI.create("/admin/accounts/" + connected.account().id()))
                        : Response.ok())
                        .entity(new ConnectedAccount(connected.account(), connected.webhooks())).build());
    }

    @GET
    @Operation(summary = "List accounts", description = "The tenant's accounts; for the operator every tenant's, or "
            + "one tenant's with ?tenant.")
    public Uni<List<AccountView>> list(@Parameter(description = TENANT_PARAM) @QueryParam("tenant") String tenant) {
        return scope.resolve(tenant).flatMap(accounts::list);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One account")
    @APIResponse(responseCode = "404", description = "No such account (or another tenant's)")
    public Uni<AccountView> get(@PathParam("id") UUID id) {
        return scope.resolve(null).flatMap(tenant -> accounts.get(tenant, id));
    }

    @PUT
    @Path("/{id}/token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the token", description = "Checks the new token first. An account that needed a "
            + "reconnect is active again, and the messages held meanwhile are answered; a deactivated one stays "
            + "inactive.")
    @APIResponse(responseCode = "422", description = "The platform refused the new token; nothing changed")
    public Uni<AccountView> updateToken(@PathParam("id") UUID id, @Valid @NotNull NewToken request) {
        return scope.resolve(null).flatMap(tenant -> accounts.updateToken(tenant, id, request.accessToken()));
    }

    @POST
    @Path("/{id}/check")
    @Operation(summary = "Check the stored token with the platform", description = "Records the verdict: refused → "
            + "needs_reconnect with the platform's reason; accepted → active again if it needed a reconnect.")
    @APIResponse(responseCode = "503", description = "The platform could not be asked now; nothing changed")
    public Uni<CheckedAccount> check(@PathParam("id") UUID id) {
        return scope.resolve(null).flatMap(tenant -> accounts.check(tenant, id))
                .map(checked -> new CheckedAccount(checked.account(), checked.valid(), checked.reason()));
    }

    @POST
    @Path("/{id}/deactivate")
    @Operation(summary = "Stop answering on this account", description = "Its token stays stored (sealed).")
    public Uni<AccountView> deactivate(@PathParam("id") UUID id) {
        return scope.resolve(null).flatMap(tenant -> accounts.deactivate(tenant, id));
    }

    @POST
    @Path("/{id}/activate")
    @Operation(summary = "Answer on this account again", description = "Checks the stored token first.")
    @APIResponse(responseCode = "422", description = "The platform refused the stored token: set a new one")
    public Uni<AccountView> activate(@PathParam("id") UUID id) {
        return scope.resolve(null).flatMap(tenant -> accounts.activate(tenant, id));
    }

    @GET
    @Path("/{id}/messaging")
    @Operation(summary = "How the account answers where the AI does not", description = "The template for a person's "
            + "reply after the 24-hour window (WhatsApp), the welcome message.")
    @APIResponse(responseCode = "404", description = "No such account (or another tenant's)")
    public Uni<MessagingView> messaging(@PathParam("id") UUID id) {
        return scope.resolve(null).flatMap(tenant -> messaging.get(tenant, id));
    }

    @PUT
    @Path("/{id}/messaging")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set how the account answers where the AI does not", description = "Replaces the settings "
            + "as a whole (a field left out or null is unset).")
    @APIResponse(responseCode = "422", description = "Not valid: a template on Instagram, a malformed name or "
            + "language, a template Meta reported as not approved, an empty or too long welcome text")
    public Uni<MessagingView> updateMessaging(@PathParam("id") UUID id, @NotNull MessagingView request) {
        return scope.resolve(null).flatMap(tenant -> messaging.replace(tenant, id, request));
    }

    @GET
    @Path("/{id}/templates")
    @Operation(summary = "The account's WhatsApp message templates", description = "As Meta's template webhooks "
            + "last described them (status, quality, category); empty without a WhatsApp Business Account id.")
    public Uni<List<TemplateView>> templates(@PathParam("id") UUID id) {
        return scope.resolve(null).flatMap(tenant -> messaging.templates(tenant, id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an account and its token")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "It has conversations: deactivate it instead")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return scope.resolve(null).flatMap(tenant -> accounts.delete(tenant, id))
                .map(done -> Response.noContent().build());
    }
}
