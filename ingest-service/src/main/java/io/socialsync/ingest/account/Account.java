package io.socialsync.ingest.account;

import java.util.UUID;

/** A business account we answer for: our ids of it and of its tenant. */
public record Account(UUID id, UUID tenantId) {
}
