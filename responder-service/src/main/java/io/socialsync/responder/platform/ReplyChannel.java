package io.socialsync.responder.platform;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.reply.AccountCredentials;

/**
 * One platform's way of answering a customer. Each platform is one CDI bean, found by {@link #platform()}; the
 * reply pipeline never switches on the platform. An adapter knows its platform's length limit, paces sends per
 * recipient, retries only what the platform proved it did not take, and reports platform errors as a
 * {@link SendFailure} value, never as an exception. The pipeline records every part before it asks the adapter to
 * send it, so a part whose outcome is unknown is confirmed or sent again once, never regenerated.
 */
public interface ReplyChannel {

    Platform platform();

    /**
     * Shows the customer that {@code lastMessage} was read and that an answer is being typed. Best effort: the
     * returned {@code Uni} never fails; a rejected call is counted and, for revoked credentials, flags the account.
     */
    Uni<Void> sendTypingAndMarkRead(AccountCredentials account, String contactId, UnifiedMessage lastMessage);

    /** The messages a text goes out as, in order, each within the platform's length limit. */
    List<String> split(String text);

    /**
     * Sends one message of a reply, in the recipient's paced turn.
     *
     * @param tag our id of the part; sent where the platform hands it back in its own report (WhatsApp
     *        {@code biz_opaque_callback_data} in the status webhook), so that ingest can confirm the part
     * @return the platform's message id, or the failure; the {@code Uni} itself does not fail for platform or network
     *         errors
     */
    Uni<PartResult> sendPart(AccountCredentials account, String contactId, String text, String tag);
}
