package io.socialsync.responder.console;

import java.net.URI;
import java.util.Locale;

import java.util.UUID;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;
import io.socialsync.responder.admin.ApiKeyAuthenticationRequest;

/**
 * The console's door: sign-in with a tenant API key or the operator key (checked by the admin API's own identity
 * provider), sign-out, and the language switch. The key is used once, here; the browser keeps only the session
 * cookie.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

    static final String SIGN_IN = "/console/sign-in";
    static final String INBOX = "/console/inbox";
    static final String OPERATOR_HOME = "/console/operator/tenants";

    private final Template signIn;
    private final IdentityProviderManager identityProviders;
    private final ConsoleSessions sessions;
    private final ConsoleConfig config;

    public ConsoleResource(@Location("console/sign-in.html") Template signIn,
            IdentityProviderManager identityProviders, ConsoleSessions sessions, ConsoleConfig config) {
        this.signIn = signIn;
        this.identityProviders = identityProviders;
        this.sessions = sessions;
        this.config = config;
    }

    @GET
    @Operation(hidden = true)
    public Response home() {
        return Response.seeOther(URI.create(INBOX)).build();
    }

    @GET
    @Path("/sign-in")
    @Operation(hidden = true)
    public Response signInPage(@Context HttpHeaders headers) {
        return page(headers, Response.Status.OK, false);
    }

    @POST
    @Path("/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> signIn(@RestForm String key, @Context HttpHeaders headers) {
        if (key == null || key.isBlank()) {
            return Uni.createFrom().item(page(headers, Response.Status.UNAUTHORIZED, true));
        }
        return identityProviders.authenticate(new ApiKeyAuthenticationRequest(key.strip()))
                .flatMap(this::open)
                .map(opened -> Response.seeOther(URI.create(opened.home())).cookie(sessionCookie(opened.session().id(),
                        (int) config.sessionLifetime().toSeconds())).build())
                .onFailure(AuthenticationFailedException.class)
                .recoverWithItem(() -> page(headers, Response.Status.UNAUTHORIZED, true));
    }

    private record OpenedSession(ConsoleSessions.Opened session, String home) {
    }

    private Uni<OpenedSession> open(SecurityIdentity identity) {
        if (identity.hasRole(AdminRoles.OPERATOR)) {
            return sessions.openForOperator().map(opened -> new OpenedSession(opened, OPERATOR_HOME));
        }
        if (identity.getAttribute(AdminRoles.TENANT_ID) instanceof UUID tenant
                && identity.getAttribute(AdminRoles.API_KEY_ID) instanceof UUID key) {
            return sessions.openForTenant(tenant, key).map(opened -> new OpenedSession(opened, INBOX));
        }
        return Uni.createFrom().failure(new AuthenticationFailedException("not a console credential"));
    }

    /** Ends the session (its row is deleted) and clears the cookie; htmx follows {@code HX-Redirect}. */
    @POST
    @Path("/sign-out")
    @Operation(hidden = true)
    public Uni<Response> signOut(@Context HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(ConsoleSessionAuthenticationMechanism.COOKIE);
        Uni<Void> closed = cookie == null ? Uni.createFrom().voidItem() : sessions.close(cookie.getValue());
        return closed.map(done -> Response.ok().header("HX-Redirect", SIGN_IN).cookie(sessionCookie("", 0))
                .build());
    }

    /** Switches the language for this browser and goes back to the console. */
    @GET
    @Path("/language/{lang}")
    @Operation(hidden = true)
    public Response language(@PathParam("lang") String lang) {
        String chosen = ConsoleLocale.SUPPORTED.contains(lang) ? lang : "en";
        return Response.seeOther(URI.create(INBOX)).cookie(new NewCookie.Builder(ConsoleLocale.COOKIE).value(chosen)
                .path(ConsoleSessionAuthenticationMechanism.PATH).maxAge(365 * 24 * 3600)
                .sameSite(NewCookie.SameSite.STRICT).secure(config.secureCookie()).build()).build();
    }

    private Response page(HttpHeaders headers, Response.Status status, boolean failed) {
        Locale locale = ConsoleLocale.of(headers);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(signIn.data("page", ConsolePage.anonymous(locale)).data("failed", failed).setLocale(locale))
                .build();
    }

    private NewCookie sessionCookie(String value, int maxAge) {
        return new NewCookie.Builder(ConsoleSessionAuthenticationMechanism.COOKIE).value(value)
                .path(ConsoleSessionAuthenticationMechanism.PATH).maxAge(maxAge).httpOnly(true)
                .secure(config.secureCookie()).sameSite(NewCookie.SameSite.STRICT).build();
    }
}
