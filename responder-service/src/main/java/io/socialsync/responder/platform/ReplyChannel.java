package io.socialsync.responder.platform;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.reply.AccountCredentials;

/**
 * One platform's way of answering a customer. Each platform is one CDI bean, found by {@link #platform()}; the
 * reply pipeline never switches on the platform.
 */
public interface ReplyChannel {

    Platform platform();

    /** Shows the customer that the message was read and an answer is being typed. Best effort. */
    Uni<Void> markReadAndTyping(AccountCredentials account, UnifiedMessage lastMessage);

    /** Sends a text reply. @return the platform's id of the sent message */
    Uni<String> sendText(AccountCredentials account, String contactId, String text);
}
