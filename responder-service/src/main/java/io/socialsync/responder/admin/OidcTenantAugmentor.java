package io.socialsync.responder.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.config.ResponderConfig;

/**
 * Gives a verified OIDC access token its tenant: the claim {@code socialsync.admin.oidc-tenant-claim} holds the
 * tenant's slug. A token without the claim, or naming an unknown tenant, stays without the {@code tenant-admin}
 * role and gets 403 on tenant routes. Roles the identity provider grants (e.g. {@code operator}) are kept.
 */
@ApplicationScoped
public class OidcTenantAugmentor implements SecurityIdentityAugmentor {

    private final ApiKeys apiKeys;
    private final String tenantClaim;

    public OidcTenantAugmentor(ApiKeys apiKeys, ResponderConfig config) {
        this.apiKeys = apiKeys;
        this.tenantClaim = config.admin().oidcTenantClaim();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(AdminRoles.TENANT_ID) != null
                || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String slug = claimText(token.getClaim(tenantClaim));
        if (slug == null || slug.isBlank()) {
            return Uni.createFrom().item(identity);
        }
        return apiKeys.tenantIdOf(slug).map(tenant -> tenant.<SecurityIdentity>map(id -> QuarkusSecurityIdentity
                .builder(identity).addRole(AdminRoles.TENANT_ADMIN).addAttribute(AdminRoles.TENANT_ID, id)
                .addAttribute(AdminRoles.TENANT_SLUG, slug).build()).orElse(identity));
    }

    private static String claimText(Object claim) {
        if (claim instanceof JsonString json) {
            return json.getString();
        }
        return claim instanceof String text ? text : null;
    }
}
