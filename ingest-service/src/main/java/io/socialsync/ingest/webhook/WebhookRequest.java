package io.socialsync.ingest.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook request as the platform sent it, before anything is believed: its headers (names compared without
 * case), query parameters, the account named in the route when there is one ({@code /webhooks/telegram/{bot_id}})
 * and the raw body bytes. Each platform decides from it whether the request is its own.
 *
 * @param routeAccount the path segment after the platform's, empty for {@code /webhooks/{platform}}
 */
public record WebhookRequest(Map<String, List<String>> headers, Map<String, List<String>> query,
        Optional<String> routeAccount, byte[] body) {

    public WebhookRequest {
        TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> byName.merge(name, List.copyOf(values),
                (left, right) -> java.util.stream.Stream.concat(left.stream(), right.stream()).toList()));
        headers = java.util.Collections.unmodifiableMap(byName);
        query = Map.copyOf(query);
    }

    /** A request of only a body, as tests and tools replay one. */
    public static WebhookRequest ofBody(byte[] body) {
        return new WebhookRequest(Map.of(), Map.of(), Optional.empty(), body);
    }

    /** The first value of a header, whatever the case of its name. */
    public Optional<String> header(String name) {
        return first(headers.get(name));
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParameter(String name) {
        return first(query.get(name));
    }

    private static Optional<String> first(List<String> values) {
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }
}
