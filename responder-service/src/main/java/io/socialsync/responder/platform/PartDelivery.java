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
}
