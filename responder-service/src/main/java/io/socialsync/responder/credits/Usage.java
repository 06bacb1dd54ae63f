package io.socialsync.responder.credits;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's credits in the current billing period: its balance, what was granted and what was consumed, by day,
 * platform and kind. Sums of the ledger, never a second count.
 *
 * @param lowBalance the balance is below {@code lowBalanceThreshold}
 * @param consumedByKind {@code reply} today; transcriptions once media is understood
 * @param outboundByPricing what the platforms will bill the tenant for (Meta prices per message since July 2025): the
 *        outbound messages of the period that went out, by platform, pricing category and billable flag, as the
 *        status webhooks reported them ({@code unreported} until one did)
 */
public record Usage(String tenant, String plan, Optional<String> nextPlan, long balance, long lowBalanceThreshold,
        boolean lowBalance, String period, Instant periodStart, Instant periodEnd, List<LedgerEntry> grants,
        long granted, long consumed, Map<LocalDate, Long> consumedByDay, Map<String, Long> consumedByPlatform,
        Map<String, Long> consumedByKind, List<OutboundPricing> outboundByPricing) {

    /**
     * @param billable whether the platform bills them; null while it has not said
     */
    public record OutboundPricing(String platform, String category, Boolean billable, long messages) {
    }
}
