package io.socialsync.ingest.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.store.KnownConversation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.socialsync.model.RedisScript;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.testsupport.PackageTypes;

/** A native image must not lose a shared-model type that JsonCodec reads or writes by reflection. */
class WireContractsTest {

    /** Loaded from the class path as text, never (de)serialised by Jackson. */
    private static final Set<Class<?>> NOT_JSON = Set.of(RedisScript.class);

    /** ingest-service's own records that JsonCodec writes into Redis caches. */
    private static final Set<Class<?>> CACHED_AS_JSON = Set.of(Account.class, KnownConversation.class);

    @Test
    void everySharedRecordAndEnumIsRegisteredForReflection() {
        Set<Class<?>> wireTypes = PackageTypes.besides(UnifiedMessage.class).stream()
                .filter(type -> type.isRecord() || type.isEnum()).filter(type -> !NOT_JSON.contains(type))
                .collect(Collectors.toCollection(HashSet::new));
        wireTypes.addAll(CACHED_AS_JSON);
        Set<Class<?>> registered = Set
                .of(WireContracts.class.getAnnotation(RegisterForReflection.class).targets());
        assertEquals(wireTypes, registered, "register new wire records in WireContracts");
    }
}
