package io.socialsync.ingest.store;

import java.util.UUID;

/**
 * The outcome of storing one inbound message.
 *
 * @param id our id of the stored message (the existing one for a redelivery)
 * @param created whether this call stored it; false for a redelivered message
 * @param awaitingAnswer whether it is still waiting for a reply, so (re-)enqueueing it is safe and useful; false for
 *        reactions, held messages (inactive account) and messages of a conversation whose AI is off or paused
 */
public record StoredMessage(UUID id, boolean created, boolean awaitingAnswer) {
}
