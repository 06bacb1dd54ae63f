package io.socialsync.responder.platform.whatsapp;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.config.ResponderConfig;
import io.socialsync.responder.platform.PacedSender;
import io.socialsync.responder.platform.ReplyChannel;
import io.socialsync.responder.platform.ReplySplitter;
import io.socialsync.responder.platform.SendResult;
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
    private final ResponderConfig.Send.Whatsapp config;

    public WhatsAppChannel(WhatsAppGraphClient graph, PacedSender sender, ResponderConfig config) {
        this.graph = graph;
        this.sender = sender;
        this.config = config.send().whatsapp();
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
    public Uni<SendResult> sendText(AccountCredentials account, String contactId, String text) {
        return sender.sendParts(platform(), account, contactId, splitter.split(text), config.recipientSpacing(),
                part -> graph.sendText(account.platformAccountId(), account.accessToken(), contactId, part),
                GraphErrors::toSendFailure);
    }
}
