package io.socialsync.responder.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.logging.Log;
import io.socialsync.responder.config.ResponderConfig;

/**
 * The one place that decides who may call {@code /admin/**}: the operator key {@code SOCIALSYNC_ADMIN_API_KEY}, as
 * {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}, compared in constant time. No key configured =
 * everyone refused. Issue 5 replaces this with per-tenant keys / OIDC; nothing else checks admin access.
 */
@ApplicationScoped
public class OperatorAuthorization {

    static final String API_KEY_HEADER = "X-Api-Key";
    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> operatorKey;

    public OperatorAuthorization(ResponderConfig config) {
        this.operatorKey = config.admin().apiKey().filter(key -> !key.isBlank())
                .map(key -> key.getBytes(StandardCharsets.UTF_8));
        if (operatorKey.isEmpty()) {
            Log.info("no SOCIALSYNC_ADMIN_API_KEY: the admin endpoints refuse every request");
        }
    }

    @ServerRequestFilter
    public Optional<Response> requireOperator(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/admin")) {
            return Optional.empty();
        }
        Optional<String> presented = presentedKey(request);
        if (operatorKey.isPresent() && presented.isPresent() && MessageDigest.isEqual(operatorKey.get(),
                presented.get().getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type("application/problem+json")
                .entity("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                        + "\"detail\":\"An operator key is required.\"}")
                .build());
    }

    private static Optional<String> presentedKey(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(authorization.substring(BEARER.length()).trim());
        }
        return Optional.ofNullable(request.getHeaderString(API_KEY_HEADER)).map(String::trim);
    }
}
