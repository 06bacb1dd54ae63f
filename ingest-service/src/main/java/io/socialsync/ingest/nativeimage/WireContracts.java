package io.socialsync.ingest.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.store.KnownConversation;
import io.socialsync.model.MediaReference;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;

/**
 * The shared-model records travel as JSON through {@code JsonCodec}'s own ObjectMapper, which Quarkus cannot see:
 * a native image keeps their constructors, accessors and the enums' {@code @JsonCreator}/{@code @JsonValue} methods
 * only because they are registered here.
 */
@RegisterForReflection(targets = {UnifiedMessage.class, MediaReference.class, Platform.class,
        UnifiedMessageType.class, Account.class, KnownConversation.class})
final class WireContracts {

    private WireContracts() {
    }
}
