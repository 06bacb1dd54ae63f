package io.socialsync.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Graph API's bad days, played on purpose by {@link GraphSandbox} so that tests can prove what the customer gets
 * when a send's outcome is unknown. Faults are set over HTTP ({@code POST /sandbox/faults}) and apply to message
 * sends only (never to read receipts, typing indicators or profile lookups), oldest fault first.
 */
final class SandboxFaults {

    /** What the sandbox does to one send. */
    enum Mode {
        /** Behaves normally (with {@code webhooks: false}: delivers, answers, and stays silent afterwards). */
        NONE(true),
        /** Delivers and reports the message, then answers only after {@code delay} (beyond the client's timeout). */
        SLOW(true),
        /** Delivers and reports the message, then closes the connection without an answer. */
        RESET(true),
        /** Delivers and reports the message, then answers 500 with Graph code 1 (an unknown error). */
        ERROR_500(true),
        /** Does not deliver: answers 429 with Graph code 131056 (pair rate limit), a proof of "not sent". */
        RATE_LIMIT(false);

        private final boolean delivers;

        Mode(boolean delivers) {
            this.delivers = delivers;
        }

        /** Whether the customer receives the message under this fault. */
        boolean delivers() {
            return delivers;
        }

        static Mode parse(String text) {
            return Mode.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One fault, for its next {@code remaining} sends or until {@code until} (whichever ends first; one of them is
     * always set).
     *
     * @param platform {@code whatsapp} or {@code instagram}, or null for both
     * @param webhooks whether the platform's report (WhatsApp statuses, Instagram echo) is posted back to ingest for
     *        a delivered message
     */
    record Fault(int id, Mode mode, Duration delay, boolean webhooks, String platform, AtomicInteger remaining,
            Instant until) {

        boolean appliesTo(String sendPlatform, Instant now) {
            boolean live = (remaining == null || remaining.get() > 0) && (until == null || now.isBefore(until));
            return live && (platform == null || platform.equals(sendPlatform));
        }

        boolean over(Instant now) {
            return remaining != null && remaining.get() <= 0 || until != null && !now.isBefore(until);
        }

        ObjectNode json(ObjectMapper json) {
            ObjectNode node = json.createObjectNode().put("id", id).put("mode", mode.wire())
                    .put("webhooks", webhooks);
            if (mode == Mode.SLOW) {
                node.put("delay", delay.toMillis() + "ms");
            }
            if (platform != null) {
                node.put("platform", platform);
            }
            if (remaining != null) {
                node.put("remaining", remaining.get());
            }
            if (until != null) {
                node.put("until", until.toString());
            }
            return node;
        }
    }

    /** What happens to a send: the fault that applied, or normal behaviour. */
    record Decision(Mode mode, Duration delay, boolean webhooks, Integer faultId) {

        static final Decision NORMAL = new Decision(Mode.NONE, Duration.ZERO, true, null);
    }

    /** Past the responder's default read timeout (10 s), so the answer is never read. */
    static final Duration DEFAULT_DELAY = Duration.ofSeconds(15);

    private final List<Fault> faults = new ArrayList<>();
    private int nextId = 1;

    /**
     * Adds a fault from its JSON: {@code {"mode": "slow|reset|error_500|rate_limit|none", "count": 3,
     * "duration": "30s", "delay": "15s", "webhooks": false, "platform": "whatsapp"}}; without count and duration it
     * applies to the next send only.
     *
     * @throws IllegalArgumentException for an unknown mode or a malformed value
     */
    synchronized Fault add(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("a JSON object is expected");
        }
        Mode mode = Mode.parse(request.path("mode").asText("none"));
        Duration delay = request.hasNonNull("delay")
                ? LocalSettings.parseDuration(request.path("delay").asText())
                : DEFAULT_DELAY;
        boolean webhooks = request.path("webhooks").asBoolean(true);
        String platform = request.hasNonNull("platform") ? request.path("platform").asText() : null;
        if (platform != null && !platform.equals("whatsapp") && !platform.equals("instagram")) {
            throw new IllegalArgumentException("platform is whatsapp or instagram");
        }
        Instant until = request.hasNonNull("duration")
                ? Instant.now().plus(LocalSettings.parseDuration(request.path("duration").asText()))
                : null;
        AtomicInteger remaining = request.hasNonNull("count") || until == null
                ? new AtomicInteger(Math.max(1, request.path("count").asInt(1)))
                : null;
        Fault fault = new Fault(nextId++, mode, delay, webhooks, platform, remaining, until);
        faults.add(fault);
        return fault;
    }

    /** The fault this send meets (consuming one of its count), or normal behaviour. */
    synchronized Decision next(String platform) {
        Instant now = Instant.now();
        faults.removeIf(fault -> fault.over(now));
        for (Fault fault : faults) {
            if (fault.appliesTo(platform, now)) {
                if (fault.remaining() != null) {
                    fault.remaining().decrementAndGet();
                }
                return new Decision(fault.mode(), fault.delay(), fault.webhooks(), fault.id());
            }
        }
        return Decision.NORMAL;
    }

    synchronized ArrayNode list(ObjectMapper json) {
        Instant now = Instant.now();
        faults.removeIf(fault -> fault.over(now));
        ArrayNode list = json.createArrayNode();
        faults.forEach(fault -> list.add(fault.json(json)));
        return list;
    }

    synchronized void clear() {
        faults.clear();
    }
}
