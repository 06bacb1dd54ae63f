package io.socialsync.responder.credits;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/** Billing periods in UTC, each named by a key that the ledger's grant entries are unique on. */
public enum BillingPeriod {
    /** Calendar months: {@code 2026-12}. */
    MONTHLY,
    /** ISO weeks, Monday to Sunday: {@code 2026-W49}. */
    WEEKLY,
    /** Days: {@code 2026-12-02}. */
    DAILY;

    /** One period: its key and the instants it starts (inclusive) and ends (exclusive). */
    public record Span(String key, Instant start, Instant end) {
    }

    public Span at(Instant instant) {
        LocalDate day = instant.atZone(ZoneOffset.UTC).toLocalDate();
        return switch (this) {
            case MONTHLY -> {
                LocalDate first = day.withDayOfMonth(1);
                yield span(first.format(DateTimeFormatter.ofPattern("yyyy-MM")), first, first.plusMonths(1));
            }
            case WEEKLY -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                String key = "%d-W%02d".formatted(monday.get(IsoFields.WEEK_BASED_YEAR),
                        monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                yield span(key, monday, monday.plusWeeks(1));
            }
            case DAILY -> span(day.toString(), day, day.plusDays(1));
        };
    }

    private static Span span(String key, LocalDate start, LocalDate end) {
        return new Span(key, start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                end.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
