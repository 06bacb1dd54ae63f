package io.socialsync.responder.account;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A connected account as the API shows it; never its token. */
@Schema(description = "A connected account (its token is never returned)")
public record AccountView(UUID id, UUID tenantId, String tenant,
        @Schema(examples = "whatsapp") String platform,
        @Schema(description = "WhatsApp phone_number_id or Instagram account id") String platformAccountId,
        @Schema(description = "As the platform names it (verified name, username)") String displayName,
        @Schema(description = "WhatsApp Business Account id, when given") String wabaId,
        AccountState state,
        @Schema(description = "The platform's error when state is needs_reconnect") String stateReason,
        @Schema(description = "The key the stored token is sealed with") String tokenKeyId,
        OffsetDateTime checkedAt, OffsetDateTime createdAt, OffsetDateTime updatedAt,
        @Schema(description = "The platform's own word on the account (WhatsApp account_update: restricted, "
                + "disabled, offboarded, reconnected…), as ingest recorded it") String platformStatus,
        @Schema(description = "What the platform said with it") String platformStatusDetail,
        OffsetDateTime platformStatusAt) {
}
