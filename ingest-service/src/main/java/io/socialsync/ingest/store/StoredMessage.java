package io.socialsync.ingest.store;

import java.util.UUID;

/**
 * The outcome of storing one inbound message.
 *
 * @param id our id of the stored message (the existing one for a redelivery)
 * @param created whether this call stored it; false for a redelivered message
 * @param awaitingAnswer whether it is still waiting for a reply, so (re-)enqueueing it is safe and useful; false for
 *        reactions, held messages (inactive account) and messages of a conversation whose AI is off or paused
 * @param contactKey the key of the contact it was stored under (the one the customer already had, when the delivery
 *        named them by another of their ids); the batch and the reply use it
 */
public record StoredMessage(UUID id, boolean created, boolean awaitingAnswer, String contactKey) {
}
