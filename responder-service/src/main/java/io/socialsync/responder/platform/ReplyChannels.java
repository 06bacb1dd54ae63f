package io.socialsync.responder.platform;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.socialsync.model.Platform;

/** Every platform's {@link ReplyChannel}, found through CDI once, looked up by platform: no switch anywhere. */
@ApplicationScoped
public class ReplyChannels {

    private final Map<Platform, ReplyChannel> byPlatform;

    public ReplyChannels(Instance<ReplyChannel> channels) {
        this.byPlatform = channels.stream()
                .collect(Collectors.toUnmodifiableMap(ReplyChannel::platform, Function.identity()));
    }

    /** The channel that answers on {@code platform}; empty while that platform has no adapter. */
    public Optional<ReplyChannel> of(Platform platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }
}
