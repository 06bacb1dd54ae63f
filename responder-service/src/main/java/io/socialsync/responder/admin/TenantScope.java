package io.socialsync.responder.admin;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The tenants a caller may act on, for routes that both a tenant and the operator use: a tenant its own (from its
 * identity, never from the request), the operator any, named by {@code ?tenant=<slug>} or all when none is named.
 */
@ApplicationScoped
public class TenantScope {

    private final CurrentIdentityAssociation identities;
    private final Pool pool;

    public TenantScope(CurrentIdentityAssociation identities, Pool pool) {
        this.identities = identities;
        this.pool = pool;
    }

    /**
     * @param tenantSlug the operator's choice; a tenant naming another tenant is refused (403)
     * @return the tenant to act on; empty for the operator without a choice (every tenant)
     */
    public Uni<Optional<UUID>> resolve(String tenantSlug) {
        return identities.getDeferredIdentity().flatMap(identity -> {
            if (identity.getAttribute(AdminRoles.TENANT_ID) instanceof UUID own) {
                if (tenantSlug != null && !tenantSlug.equals(identity.getAttribute(AdminRoles.TENANT_SLUG))) {
                    throw new ForbiddenException("another tenant");
                }
                return Uni.createFrom().item(Optional.of(own));
            }
            if (!identity.hasRole(AdminRoles.OPERATOR)) {
                throw new ForbiddenException("no tenant");
            }
            if (tenantSlug == null || tenantSlug.isBlank()) {
                return Uni.createFrom().item(Optional.<UUID>empty());
            }
            return pool.preparedQuery("SELECT id FROM tenants WHERE slug = $1").execute(Tuple.of(tenantSlug))
                    .map(rows -> {
                        if (rows.size() == 0) {
                            throw new NotFoundException("no tenant " + tenantSlug);
                        }
                        return Optional.of(rows.iterator().next().getUUID("id"));
                    });
        });
    }

    /** Like {@link #resolve(String)}, for an action that needs one tenant: the operator must name it (400). */
    public Uni<UUID> one(String tenantSlug) {
        return resolve(tenantSlug).map(tenant -> tenant.orElseThrow(
                () -> new jakarta.ws.rs.BadRequestException("name the tenant: ?tenant=<slug>")));
    }
}
