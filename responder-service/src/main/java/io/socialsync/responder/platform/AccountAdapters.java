package io.socialsync.responder.platform;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.socialsync.model.Platform;

/** Every platform's {@link AccountAdapter}, looked up by platform. */
@ApplicationScoped
public class AccountAdapters {

    private final Map<Platform, AccountAdapter> byPlatform;

    public AccountAdapters(Instance<AccountAdapter> adapters) {
        this.byPlatform = adapters.stream()
                .collect(Collectors.toUnmodifiableMap(AccountAdapter::platform, Function.identity()));
    }

    /** Empty while the platform has no adapter: its accounts cannot be connected through the API. */
    public Optional<AccountAdapter> of(Platform platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }
}
