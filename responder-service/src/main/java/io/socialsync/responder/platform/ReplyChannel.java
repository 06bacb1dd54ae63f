package io.socialsync.responder.platform;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.reply.AccountCredentials;

/**
 * One platform's way of answering a customer. Each platform is one CDI bean, found by {@link #platform()}; the
 * reply pipeline never switches on the platform. An adapter knows its platform's length limit, splits long replies,
 * paces sends per recipient and retries what is worth retrying; it reports platform errors as a {@link SendFailure}
 * value, never as an exception.
 */
public interface ReplyChannel {

    Platform platform();

    /**
     * Shows the customer that {@code lastMessage} was read and that an answer is being typed. Best effort: the
     * returned {@code Uni} never fails; a rejected call is counted and, for revoked credentials, flags the account.
     */
    Uni<Void> sendTypingAndMarkRead(AccountCredentials account, String contactId, UnifiedMessage lastMessage);

    /**
     * Sends a text reply, split into as many messages as the platform's length limit needs, in order.
     *
     * @return the parts that went out with their platform message ids, and the failure that stopped the rest, if any;
     *         the {@code Uni} itself does not fail for platform or network errors
     */
    Uni<SendResult> sendText(AccountCredentials account, String contactId, String text);
}
