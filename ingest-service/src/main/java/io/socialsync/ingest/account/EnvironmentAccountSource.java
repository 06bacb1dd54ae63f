package io.socialsync.ingest.account;

import java.util.Optional;

/** What names a platform's bootstrap account: each platform's adapter, asked by {@link BootstrapAccounts}. */
public interface EnvironmentAccountSource {

    /** The account this platform's settings name, empty when none is configured. */
    Optional<EnvironmentAccount> environmentAccount();
}
