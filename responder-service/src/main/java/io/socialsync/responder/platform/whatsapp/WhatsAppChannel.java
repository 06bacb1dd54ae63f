package io.socialsync.responder.platform.whatsapp;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.platform.ReplyChannel;
import io.socialsync.responder.reply.AccountCredentials;

/** Answers on WhatsApp through the Cloud API: read receipt with typing indicator, then the text. */
@ApplicationScoped
public class WhatsAppChannel implements ReplyChannel {

    private final WhatsAppGraphApi graph;

    public WhatsAppChannel(@RestClient WhatsAppGraphApi graph) {
        this.graph = graph;
    }

    @Override
    public Platform platform() {
        return Platform.WHATSAPP;
    }

    @Override
    public Uni<Void> markReadAndTyping(AccountCredentials account, UnifiedMessage lastMessage) {
        return graph.markRead(account.platformAccountId(), bearer(account),
                WhatsAppPayloads.ReadReceipt.withTyping(lastMessage.platformMessageId())).replaceWithVoid();
    }

    @Override
    public Uni<String> sendText(AccountCredentials account, String contactId, String text) {
        return graph.sendText(account.platformAccountId(), bearer(account),
                WhatsAppPayloads.TextMessage.to(contactId, text)).map(GraphSendResult::firstMessageId);
    }

    private static String bearer(AccountCredentials account) {
        return "Bearer " + account.accessToken();
    }
}
