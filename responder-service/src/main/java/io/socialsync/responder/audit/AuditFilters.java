package io.socialsync.responder.audit;

import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.AdminRoles;

/**
 * Records every change made through the admin API, in one place rather than in each resource, so that an endpoint
 * added later is audited without remembering to: each successful non-GET request under {@code /admin} becomes one
 * {@link AuditEntry} (who, what, which tenant, when). Request bodies are never recorded: they may hold tokens.
 */
public class AuditFilters {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String TENANT = "socialsync.audit.tenant";
    private static final String ACTOR = "socialsync.audit.actor";
    private static final String ROLE = "socialsync.audit.role";
    private static final Pattern TENANT_PATH = Pattern.compile("/admin/tenants/([^/?]+)");
    private static final Pattern CONTACT_PATH = Pattern.compile("/admin/contacts/[^/]+");
    private static final Pattern ACCOUNT_PATH = Pattern
            .compile("/admin/accounts/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

    private final AuditTrail trail;
    private final CurrentIdentityAssociation identities;

    public AuditFilters(AuditTrail trail, CurrentIdentityAssociation identities) {
        this.trail = trail;
        this.identities = identities;
    }

    /** Before the change: who asks, and which tenant it concerns (a deleted account no longer says). */
    @ServerRequestFilter
    public Uni<Void> before(ContainerRequestContext request) {
        if (!audited(request)) {
            return Uni.createFrom().voidItem();
        }
        String path = request.getUriInfo().getPath();
        return identities.getDeferredIdentity()
                // An unauthenticated request changes nothing; the security checks answer it.
                .onFailure().recoverWithNull()
                .flatMap(identity -> {
                    if (identity == null || identity.isAnonymous()) {
                        return Uni.createFrom().voidItem();
                    }
                    request.setProperty(ACTOR, identity.getPrincipal().getName());
                    request.setProperty(ROLE, role(identity));
                    UUID own = identity.getAttribute(AdminRoles.TENANT_ID) instanceof UUID id ? id : null;
                    String slug = group(TENANT_PATH, path);
                    if (slug == null) {
                        slug = request.getUriInfo().getQueryParameters().getFirst("tenant");
                    }
                    return trail.tenantOf(own, slug, uuid(group(ACCOUNT_PATH, path)))
                            .invoke(tenant -> request.setProperty(TENANT, tenant)).replaceWithVoid();
                });
    }

    @ServerResponseFilter
    public Uni<Void> after(ContainerRequestContext request, ContainerResponseContext response,
            ResourceInfo resource) {
        if (!audited(request) || response.getStatus() >= 400 || request.getProperty(ACTOR) == null) {
            return Uni.createFrom().voidItem();
        }
        String action = request.getMethod() + " " + (resource.getResourceClass() == null
                ? request.getUriInfo().getPath()
                : resource.getResourceClass().getSimpleName() + "." + resource.getResourceMethod().getName());
        UUID tenant = (UUID) request.getProperty(TENANT);
        // What the request created (a tenant, an account) names the tenant when nothing did before it.
        String created = response.getHeaderString("Location");
        Uni<UUID> concerned = tenant != null || created == null
                ? Uni.createFrom().item(tenant)
                : trail.tenantOf(null, group(TENANT_PATH, created), uuid(group(ACCOUNT_PATH, created)));
        return concerned.flatMap(resolved -> trail.record(resolved, (String) request.getProperty(ACTOR),
                (String) request.getProperty(ROLE), action, withoutCustomer(request.getUriInfo().getPath()),
                response.getStatus()));
    }

    /** A customer's id is personal data, and an erasure must leave none behind: the audit keeps the route only. */
    private static String withoutCustomer(String path) {
        return CONTACT_PATH.matcher(path).replaceFirst("/admin/contacts/{id}");
    }

    private static boolean audited(ContainerRequestContext request) {
        return !READS.contains(request.getMethod()) && request.getUriInfo().getPath().startsWith("/admin");
    }

    private static String role(SecurityIdentity identity) {
        if (identity.hasRole(AdminRoles.OPERATOR)) {
            return AdminRoles.OPERATOR;
        }
        return identity.hasRole(AdminRoles.TENANT_ADMIN) ? AdminRoles.TENANT_ADMIN : "none";
    }

    private static UUID uuid(String text) {
        return text == null ? null : UUID.fromString(text);
    }

    private static String group(Pattern pattern, String path) {
        Matcher matcher = pattern.matcher(path);
        return matcher.find() ? matcher.group(1) : null;
    }
}
