package io.socialsync.ingest.platform.instagram;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/** Instagram's profile endpoint as ingest uses it, with its fault-tolerance policy. */
@ApplicationScoped
public class InstagramProfileClient {

    static final String FIELDS = "name,username";

    private final InstagramProfileApi api;

    public InstagramProfileClient(@RestClient InstagramProfileApi api) {
        this.api = api;
    }

    /**
     * The customer's name, else their username, else empty. Not retried and bounded to 3 s: a name is nice to have,
     * and the next message of a customer whose lookup failed asks again.
     */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    public Uni<Optional<String>> displayName(String igsid, String accessToken) {
        return api.profile(igsid, FIELDS, "Bearer " + accessToken)
                .map(profile -> Optional.ofNullable(blankToNull(profile.name()))
                        .or(() -> Optional.ofNullable(blankToNull(profile.username()))));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
