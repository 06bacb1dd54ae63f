package io.socialsync.responder.admin;

import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.config.ResponderConfig;

/**
 * Turns a presented key into an identity: the operator key into the {@code operator} role, a tenant key into
 * {@code tenant-admin} of its tenant. Anything else fails authentication (401). The operator key is compared in
 * constant time over SHA-256 digests (equal lengths whatever was presented); tenant keys are found by the hash
 * itself, so no comparison of secrets happens in Java.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private final ApiKeys apiKeys;
    private final Optional<byte[]> operatorKeyDigest;

    public ApiKeyIdentityProvider(ApiKeys apiKeys, ResponderConfig config) {
        this.apiKeys = apiKeys;
        this.operatorKeyDigest = config.admin().apiKey().filter(key -> !key.isBlank()).map(ApiKeys::digest);
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request,
            AuthenticationRequestContext context) {
        if (isOperatorKey(request.key())) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("operator")).addRole(AdminRoles.OPERATOR).build());
        }
        return apiKeys.owner(request.key()).onItem().transformToUni(owner -> owner
                .map(found -> Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("tenant:" + found.tenantSlug()))
                        .addRole(AdminRoles.TENANT_ADMIN)
                        .addAttribute(AdminRoles.TENANT_ID, found.tenantId())
                        .addAttribute(AdminRoles.TENANT_SLUG, found.tenantSlug())
                        .addAttribute(AdminRoles.API_KEY_ID, found.keyId())
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown API key"))));
    }

    private boolean isOperatorKey(String presented) {
        return operatorKeyDigest.map(expected -> MessageDigest.isEqual(expected, ApiKeys.digest(presented)))
                .orElse(false);
    }
}
