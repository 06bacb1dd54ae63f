package io.socialsync.responder.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a new key is for, so that its owner knows which one to revoke later. */
public record NewApiKey(
        @Schema(description = "What the key is for", examples = "CI import job") @NotBlank @Size(max = 100) String name) {
}
