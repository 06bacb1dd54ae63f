package io.socialsync.responder.console;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;

/**
 * A console session becomes the same identity its key gave at sign-in ({@code tenant-admin} of its tenant, or
 * {@code operator}), so the console's pages reach data through {@code CurrentTenant} like the admin API, plus the
 * session's CSRF token.
 */
@ApplicationScoped
public class ConsoleSessionIdentityProvider implements IdentityProvider<ConsoleSessionRequest> {

    /** Identity attribute: the session's CSRF token ({@link String}); only console sessions carry it. */
    static final String CSRF_TOKEN = "socialsync.console.csrf";

    private final ConsoleSessions sessions;

    public ConsoleSessionIdentityProvider(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Class<ConsoleSessionRequest> getRequestType() {
        return ConsoleSessionRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ConsoleSessionRequest request, AuthenticationRequestContext context) {
        return sessions.find(request.sessionId()).map(found -> {
            ConsoleSessions.Session session = found
                    .orElseThrow(() -> new AuthenticationFailedException("no console session"));
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                    .addAttribute(CSRF_TOKEN, session.csrfToken());
            if (session.operator()) {
                return identity.setPrincipal(new QuarkusPrincipal("operator")).addRole(AdminRoles.OPERATOR).build();
            }
            return identity.setPrincipal(new QuarkusPrincipal("tenant:" + session.tenantSlug().orElseThrow()))
                    .addRole(AdminRoles.TENANT_ADMIN)
                    .addAttribute(AdminRoles.TENANT_ID, session.tenantId().orElseThrow())
                    .addAttribute(AdminRoles.TENANT_SLUG, session.tenantSlug().orElseThrow()).build();
        });
    }
}
