package io.socialsync.responder.platform;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.messaging.MessagingSettings;
import io.socialsync.responder.reply.AccountCredentials;

/**
 * One platform's way of answering a customer. Each platform is one CDI bean, found by {@link #platform()}; the
 * reply pipeline never switches on the platform. An adapter knows its platform's length limit, paces sends per
 * recipient, retries only what the platform proved it did not take, and reports platform errors as a
 * {@link SendFailure} value, never as an exception. The pipeline records every part before it asks the adapter to
 * send it, so a part whose outcome is unknown is confirmed or sent again once, never regenerated.
 */
public interface ReplyChannel extends PartDelivery {

    Platform platform();

    /**
     * Shows the customer that {@code lastMessage} was read and that an answer is being typed. Best effort: the
     * returned {@code Uni} never fails; a rejected call is counted and, for revoked credentials, flags the account.
     */
    Uni<Void> sendTypingAndMarkRead(AccountCredentials account, String contactId, UnifiedMessage lastMessage);

    /** The messages a text goes out as, in order, each within the platform's length limit. */
    @Override
    List<String> split(String text);

    /**
     * Sends one message of a reply, in the recipient's paced turn.
     *
     * @param tag our id of the part; sent where the platform hands it back in its own report (WhatsApp
     *        {@code biz_opaque_callback_data} in the status webhook), so that ingest can confirm the part
     * @return the platform's message id, or the failure; the {@code Uni} itself does not fail for platform or network
     *         errors
     */
    @Override
    Uni<PartResult> sendPart(AccountCredentials account, String contactId, String text, String tag);

    /**
     * The customer-service window: how long after the customer's last message a free-form reply may go out. Empty
     * when the platform has none (Telegram).
     */
    default Optional<Duration> serviceWindow() {
        return Optional.empty();
    }

    /**
     * How a person's reply goes out {@code sinceCustomer} after the customer's last message, once the window closed.
     * Only asked when {@link #serviceWindow()} has one.
     */
    default OutsideWindow outsideWindow(Duration sinceCustomer, MessagingSettings settings) {
        return OutsideWindow.refused("The customer's last message is older than the platform's reply window.");
    }

    /** Whether the platform refused a send because the customer-service window has closed (WhatsApp 131047). */
    default boolean windowClosed(SendFailure failure) {
        return false;
    }

    /**
     * How often the typing indicator is shown again while a reply is prepared; empty when once is enough. The
     * platform clears it after a while (WhatsApp 25 s).
     */
    default Optional<Duration> typingRefresh() {
        return Optional.empty();
    }

    /** Shows the typing indicator again; best effort like {@link #sendTypingAndMarkRead}. */
    default Uni<Void> refreshTyping(AccountCredentials account, String contactId, UnifiedMessage lastMessage) {
        return sendTypingAndMarkRead(account, contactId, lastMessage);
    }
}
