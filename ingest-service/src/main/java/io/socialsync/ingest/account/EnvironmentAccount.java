package io.socialsync.ingest.account;

import java.util.Optional;

import io.socialsync.model.Platform;

/**
 * An account the environment names for a platform ({@code WHATSAPP_ACCOUNT_ID} + {@code WHATSAPP_ACCESS_TOKEN}, …),
 * upserted into the bootstrap tenant at start.
 *
 * @param accessToken plain text as configured; sealed before it is stored, never logged
 */
public record EnvironmentAccount(Platform platform, String accountId, Optional<String> accessToken) {

    /** The account of a platform's settings, when its id is set. */
    public static Optional<EnvironmentAccount> of(Platform platform, Optional<String> accountId,
            Optional<String> accessToken) {
        return accountId.filter(id -> !id.isBlank())
                .map(id -> new EnvironmentAccount(platform, id, accessToken.filter(token -> !token.isBlank())));
    }

    @Override
    public String toString() {
        return "EnvironmentAccount[platform=" + platform + ", accountId=" + accountId + "]";
    }
}
