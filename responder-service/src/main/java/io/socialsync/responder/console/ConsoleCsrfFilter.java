package io.socialsync.responder.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.problem.Problem;

/**
 * Every state-changing console request carries its session's CSRF token in {@code X-CSRF-Token} (htmx sends it from
 * the page); one without it, or with another session's, is refused with 403 before the resource runs. The session
 * cookie is also {@code SameSite=Strict}: this is the second lock. Signing in is the one exception (there is no
 * session yet; the key itself is the secret).
 */
public class ConsoleCsrfFilter {

    static final String HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final CurrentIdentityAssociation identities;

    public ConsoleCsrfFilter(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> checkCsrf(ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/+", "");
        if (!path.startsWith(ConsoleSessionAuthenticationMechanism.PATH) || SAFE_METHODS.contains(request.getMethod())
                || path.equals(ConsoleResource.SIGN_IN)) {
            return Uni.createFrom().nullItem();
        }
        String presented = request.getHeaderString(HEADER);
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.isAnonymous()) {
                return null; // the resource's role check answers: sign in first
            }
            Object expected = identity.getAttribute(ConsoleSessionIdentityProvider.CSRF_TOKEN);
            if (expected != null && presented != null && MessageDigest.isEqual(
                    expected.toString().getBytes(StandardCharsets.US_ASCII),
                    presented.getBytes(StandardCharsets.US_ASCII))) {
                return null;
            }
            return Response.status(403).type(Problem.MEDIA_TYPE)
                    .entity(new Problem(403, "Forbidden", "Missing or wrong CSRF token: reload the page.")).build();
        });
    }
}
