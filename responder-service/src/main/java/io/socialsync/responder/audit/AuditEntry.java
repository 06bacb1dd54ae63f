package io.socialsync.responder.audit;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One recorded change. */
@Schema(description = "A change made through the admin API")
public record AuditEntry(long id, OffsetDateTime occurredAt,
        @Schema(description = "The tenant changed; empty for installation-wide changes") UUID tenantId,
        @Schema(description = "Who: operator, tenant:<slug> (API key) or the OIDC subject", examples = "tenant:acme-shop") String actor,
        @Schema(examples = "tenant-admin") String actorRole,
        @Schema(description = "What: method and endpoint", examples = "PUT AccountResource.updateToken") String action,
        @Schema(description = "On what: the request path", examples = "/admin/accounts/3f0c…/token") String target,
        @Schema(description = "The HTTP status it answered") int status) {
}
