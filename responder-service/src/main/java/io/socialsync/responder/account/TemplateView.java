package io.socialsync.responder.account;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message template of the account's WhatsApp Business Account, as Meta's webhooks last described it. */
@Schema(description = "A WhatsApp message template as Meta last reported it")
public record TemplateView(String templateId, String name, String language,
        @Schema(examples = "APPROVED") String status,
        @Schema(examples = "GREEN") String quality,
        @Schema(examples = "UTILITY") String category,
        @Schema(description = "Meta's reason for a rejection or pause") String reason, OffsetDateTime updatedAt) {
}
