package io.socialsync.responder.platform;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.reply.AccountCredentials;

/**
 * One way the parts of a reply go out: how a text is split and how each part is sent. A {@link ReplyChannel} is its
 * platform's ordinary way; a channel may offer another for a person's reply outside the customer-service window
 * ({@link ReplyChannel#outsideWindow}). The reply pipeline records the parts and sends them through one of these.
 */
public interface PartDelivery {

    /** The messages a text goes out as, in order, each within the platform's length limit. */
    List<String> split(String text);

    /**
     * Sends one part in the recipient's paced turn; platform and network errors are a {@link PartResult} failure,
     * never a failed {@code Uni}.
     */
    Uni<PartResult> sendPart(AccountCredentials account, String contactId, String text, String tag);

    /**
     * Whether this way can send an image or a document ({@link #sendMedia}); a template after WhatsApp's window
     * cannot.
     */
    default boolean sendsMedia() {
        return false;
    }

    /**
     * The longest caption that travels with the media in the same message; 0 when the platform takes none (the
     * caption then goes as a text part after it).
     */
    default int captionLimit() {
        return 0;
    }

    /**
     * Sends an image or a document, with its caption when {@link #captionLimit()} allows one, in the recipient's paced
     * turn; failures are a {@link PartResult} like {@link #sendPart}'s. Only asked when {@link #sendsMedia()}.
     *
     * @param caption the caption, or null
     */
    default Uni<PartResult> sendMedia(AccountCredentials account, String contactId, OutboundMedia media,
            String caption, String tag) {
        throw new UnsupportedOperationException("this delivery sends no media");
    }
}
