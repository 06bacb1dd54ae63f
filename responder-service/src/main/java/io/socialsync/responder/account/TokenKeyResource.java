package io.socialsync.responder.account;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.socialsync.crypto.StoredTokens;
import io.socialsync.responder.admin.AdminRoles;

/** The operator's half of a key rotation: after a new primary key is deployed, every token is sealed under it. */
@Path("/admin/token-keys")
@RolesAllowed(AdminRoles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator")
public class TokenKeyResource {

    private final StoredTokens stored;

    public TokenKeyResource(StoredTokens stored) {
        this.stored = stored;
    }

    @POST
    @Path("/re-encrypt")
    @Operation(summary = "Re-encrypt every token under the primary key", description = "Run it once the new primary "
            + "key (first in SOCIALSYNC_CRYPTO_KEYS) is deployed to every service, keeping the old key listed; remove "
            + "the old key only when this answers failed = 0 and every row is under the primary. Safe to repeat.")
    public Uni<StoredTokens.Resealed> reencrypt() {
        return stored.reencryptUnderPrimary();
    }
}
