package io.socialsync.local;

import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;

/** What both integration tests need around the running stack: fresh ids, timings, and the services' last log lines. */
final class ItSupport {

    private ItSupport() {
    }

    /** {@code prefix} followed by random digits, {@code length} characters in all: a fresh phone number or id. */
    static String randomDigits(String prefix, int length) {
        StringBuilder digits = new StringBuilder(prefix);
        while (digits.length() < length) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        return digits.toString();
    }

    static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    /** The last {@code lines} lines of each service's log, for a failure message. */
    static String logTails(Collection<ServiceProcess> services, int lines) {
        StringBuilder tails = new StringBuilder();
        for (ServiceProcess service : services) {
            tails.append("\n--- ").append(service.log()).append("\n    ")
                    .append(String.join("\n    ", service.tail(lines)));
        }
        return tails.toString();
    }
}
