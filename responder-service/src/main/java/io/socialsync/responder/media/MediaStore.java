package io.socialsync.responder.media;

import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Where media objects live: named by UUID, deduplicated per tenant by the SHA-256 of the stored bytes, reachable
 * through a link valid for a limited time. One implementation is chosen at start ({@code socialsync.media.storage.kind}).
 */
public interface MediaStore {

    /** What was stored, or found already stored with the same content. */
    record Stored(UUID id, String sha256, boolean deduplicated) {
    }

    /** An object's bytes and type. */
    record Content(byte[] bytes, String contentType) {
    }

    /** {@code postgres} or {@code s3}. */
    String kind();

    /** Stores {@code media} for the tenant, once per content. */
    Uni<Stored> put(UUID tenantId, ProcessedMedia media);

    /** The object's bytes; empty when it does not exist (erased, never stored). */
    Uni<Optional<Content>> get(UUID objectId);

    /** A link that reads the object until it expires ({@link MediaConfig.Links#validity()}). */
    Uni<String> link(UUID objectId);
}
