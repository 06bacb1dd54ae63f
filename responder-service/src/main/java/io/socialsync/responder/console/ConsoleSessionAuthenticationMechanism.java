package io.socialsync.responder.console;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the console's session cookie, on console paths only: the admin API keeps taking keys and tokens in headers,
 * and a cookie never authenticates an {@code /admin} call (which has no CSRF check).
 */
@ApplicationScoped
public class ConsoleSessionAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String COOKIE = "socialsync_console";
    static final String PATH = "/console";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!context.normalizedPath().startsWith(PATH)) {
            return Uni.createFrom().nullItem();
        }
        Cookie cookie = context.request().getCookie(COOKIE);
        if (cookie == null || cookie.getValue().isBlank()) {
            return Uni.createFrom().nullItem();
        }
        ConsoleSessionRequest request = new ConsoleSessionRequest(cookie.getValue());
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identityProviderManager.authenticate(request);
    }

    /** No challenge of its own: the exception mapper sends a console page's anonymous caller to the sign-in page. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ConsoleSessionRequest.class);
    }

    /** Before the API-key and OIDC mechanisms: on a console path the session decides. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 200;
    }
}
