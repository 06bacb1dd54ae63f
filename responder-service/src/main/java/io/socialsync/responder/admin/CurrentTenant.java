package io.socialsync.responder.admin;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * The tenant of the caller, from its identity, never from the request: a tenant route cannot be pointed at another
 * tenant's data by a path or body parameter.
 */
@ApplicationScoped
public class CurrentTenant {

    private final CurrentIdentityAssociation identities;

    public CurrentTenant(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** Fails with 403 for a caller without a tenant (the operator, an OIDC token without the tenant claim). */
    public Uni<UUID> id() {
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.getAttribute(AdminRoles.TENANT_ID) instanceof UUID tenant) {
                return tenant;
            }
            throw new ForbiddenException("no tenant");
        });
    }
}
