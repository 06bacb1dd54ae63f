package io.socialsync.responder.credits;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One movement of a tenant's credits: {@code delta} (negative for a charge), the balance it left, why
 * ({@code plan_grant}, {@code period_expiry}, {@code top_up}, {@code plan_change}, {@code ai_reply}), who
 * ({@code system}, {@code operator}) and the billing period it counts in.
 */
public record LedgerEntry(long id, long delta, long balanceAfter, String reason, String actor, String period,
        String kind, UUID batchId, String detail, OffsetDateTime at) {
}
