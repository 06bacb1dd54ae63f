package io.socialsync.responder.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.reply.AccountCredentials;

/** Sends a whole text through an adapter part by part, as the reply pipeline does, without its records. */
final class PartSends {

    /** The parts the platform took, in order, and the failure that stopped the rest. */
    record Sent(List<String> texts, List<String> platformMessageIds, List<String> tags,
            Optional<SendFailure> failure) {

        boolean isDelivered() {
            return failure.isEmpty();
        }
    }

    private PartSends() {
    }

    static Uni<Sent> send(ReplyChannel channel, AccountCredentials account, String contactId, String text) {
        return next(channel, account, contactId, channel.split(text), 0,
                new Sent(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), Optional.empty()));
    }

    private static Uni<Sent> next(ReplyChannel channel, AccountCredentials account, String contactId,
            List<String> parts, int index, Sent sent) {
        if (index == parts.size()) {
            return Uni.createFrom().item(sent);
        }
        String tag = UUID.randomUUID().toString();
        return channel.sendPart(account, contactId, parts.get(index), tag).flatMap(result -> {
            if (!result.isAccepted()) {
                return Uni.createFrom().item(new Sent(sent.texts(), sent.platformMessageIds(), sent.tags(),
                        result.failure()));
            }
            sent.texts().add(parts.get(index));
            sent.platformMessageIds().add(result.platformMessageId().orElseThrow());
            sent.tags().add(tag);
            return next(channel, account, contactId, parts, index + 1, sent);
        });
    }
}
