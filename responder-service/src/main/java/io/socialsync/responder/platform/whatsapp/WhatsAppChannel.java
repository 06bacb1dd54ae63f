package io.socialsync.responder.platform.whatsapp;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.platform.PacedSender;
import io.socialsync.responder.platform.ReplyChannel;
import io.socialsync.responder.platform.ReplySplitter;
import io.socialsync.responder.platform.PartResult;
import io.socialsync.responder.platform.graph.GraphErrors;
import io.socialsync.responder.reply.AccountCredentials;

/**
 * Answers on WhatsApp through the Cloud API: a read receipt with the typing indicator, then the text in parts of at
 * most 4 096 characters.
 */
@ApplicationScoped
public class WhatsAppChannel implements ReplyChannel {

    private final WhatsAppGraphClient graph;
    private final PacedSender sender;
    private final ReplySplitter splitter;
    private final WhatsAppSendConfig config;

    public WhatsAppChannel(WhatsAppGraphClient graph, PacedSender sender, WhatsAppSendConfig config) {
        this.graph = graph;
        this.sender = sender;
        this.config = config;
        this.splitter = new ReplySplitter(ReplySplitter.Measure.UTF16_CHARS, this.config.maxPartChars());
    }

    @Override
    public Platform platform() {
        return Platform.WHATSAPP;
    }

    @Override
    public Uni<Void> sendTypingAndMarkRead(AccountCredentials account, String contactId, UnifiedMessage lastMessage) {
        return sender.senderAction(platform(), account, graph.markReadWithTyping(account.platformAccountId(),
                account.accessToken(), lastMessage.platformMessageId()), GraphErrors::toSendFailure);
    }

    @Override
    public List<String> split(String text) {
        return splitter.split(text);
    }

    /** The tag travels as {@code biz_opaque_callback_data} and comes back in the part's status webhooks. */
    @Override
    public Uni<PartResult> sendPart(AccountCredentials account, String contactId, String text, String tag) {
        return sender.sendPart(platform(), account, contactId, config.recipientSpacing(),
                () -> graph.sendText(account.platformAccountId(), account.accessToken(), contactId, text, tag),
                GraphErrors::toSendFailure);
    }
}
