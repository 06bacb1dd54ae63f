package io.socialsync.responder.platform.instagram;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.messaging.MessagingSettings;
import io.socialsync.responder.platform.OutboundMedia;
import io.socialsync.responder.platform.OutsideWindow;
import io.socialsync.responder.platform.PacedSender;
import io.socialsync.responder.platform.PartDelivery;
import io.socialsync.responder.platform.ReplyChannel;
import io.socialsync.responder.platform.ReplySplitter;
import io.socialsync.responder.platform.PartResult;
import io.socialsync.responder.platform.SendFailure;
import io.socialsync.responder.platform.graph.GraphErrors;
import io.socialsync.responder.reply.AccountCredentials;

/**
 * Answers on Instagram: {@code typing_on}, then {@code mark_seen} (each its own request, with only the recipient),
 * then the text in parts of at most 1 000 UTF-8 bytes. Within 24 hours of the customer's last message; a person may
 * answer for 7 days, tagged {@code HUMAN_AGENT}. A person's image or document goes as an attachment by the store's
 * link; Instagram takes no caption with it.
 */
@ApplicationScoped
public class InstagramChannel implements ReplyChannel {

    private final InstagramGraphClient graph;
    private final PacedSender sender;
    private final ReplySplitter splitter;
    private final InstagramSendConfig config;
    private final InstagramMessagingConfig messaging;

    public InstagramChannel(InstagramGraphClient graph, PacedSender sender, InstagramSendConfig config,
            InstagramMessagingConfig messaging) {
        this.graph = graph;
        this.sender = sender;
        this.config = config;
        this.messaging = messaging;
        this.splitter = new ReplySplitter(ReplySplitter.Measure.UTF8_BYTES, this.config.maxPartBytes());
    }

    @Override
    public Platform platform() {
        return Platform.INSTAGRAM;
    }

    /** Instagram marks the conversation's latest message seen; it needs no message id. */
    @Override
    public Uni<Void> sendTypingAndMarkRead(AccountCredentials account, String contactId, UnifiedMessage lastMessage) {
        return refreshTyping(account, contactId, lastMessage)
                .flatMap(typing -> sender.senderAction(platform(), account, graph.senderAction(
                        account.platformAccountId(), account.accessToken(),
                        InstagramPayloads.SenderAction.markSeen(contactId)), GraphErrors::toSendFailure));
    }

    @Override
    public List<String> split(String text) {
        return splitter.split(text);
    }

    /**
     * Instagram's send API hands nothing of ours back in the echo, so the tag is not sent: ingest recognises the echo
     * of a recorded part by its recipient and text (the part is recorded before it is sent).
     */
    @Override
    public Uni<PartResult> sendPart(AccountCredentials account, String contactId, String text, String tag) {
        return send(account, contactId, text, false);
    }

    @Override
    public Optional<Duration> serviceWindow() {
        return Optional.of(messaging.serviceWindow());
    }

    @Override
    public OutsideWindow outsideWindow(Duration sinceCustomer, MessagingSettings settings) {
        if (sinceCustomer.compareTo(messaging.humanAgentWindow()) >= 0) {
            return OutsideWindow.refused("The customer's last message is more than " + messaging.humanAgentWindow()
                    .toDays() + " days old: Instagram lets nobody answer now; the customer must write first.");
        }
        return OutsideWindow.sendAs(new PartDelivery() {
            @Override
            public List<String> split(String text) {
                return splitter.split(text);
            }

            @Override
            public Uni<PartResult> sendPart(AccountCredentials account, String contactId, String text, String tag) {
                return send(account, contactId, text, true);
            }

            @Override
            public boolean sendsMedia() {
                return true;
            }

            @Override
            public Uni<PartResult> sendMedia(AccountCredentials account, String contactId, OutboundMedia media,
                    String caption, String tag) {
                return attach(account, contactId, media, true);
            }
        });
    }

    @Override
    public Optional<Duration> typingRefresh() {
        return Optional.of(messaging.typingRefresh());
    }

    /** Only {@code typing_on}: the message was marked seen already. */
    @Override
    public Uni<Void> refreshTyping(AccountCredentials account, String contactId, UnifiedMessage lastMessage) {
        return sender.senderAction(platform(), account, graph.senderAction(account.platformAccountId(),
                account.accessToken(), InstagramPayloads.SenderAction.typingOn(contactId)), GraphErrors::toSendFailure);
    }

    @Override
    public boolean sendsMedia() {
        return true;
    }

    /** Instagram takes no caption: a caption is recorded as the text part that follows ({@link #captionLimit()} 0). */
    @Override
    public Uni<PartResult> sendMedia(AccountCredentials account, String contactId, OutboundMedia media,
            String caption, String tag) {
        return attach(account, contactId, media, false);
    }

    /** By the store's link (Instagram fetches it; it must be reachable from outside). */
    private Uni<PartResult> attach(AccountCredentials account, String contactId, OutboundMedia media,
            boolean humanAgent) {
        String type = media.kind() == OutboundMedia.Kind.IMAGE ? "image" : "file";
        return media.link().onItemOrFailure().transformToUni((url, failure) -> failure != null
                ? Uni.createFrom().item(PartResult.failed(new SendFailure(OptionalInt.empty(), 0, true, false, false,
                        "media link not made: " + failure.getClass().getSimpleName())))
                : sender.sendPart(platform(), account, contactId, config.recipientSpacing(),
                        () -> graph.sendAttachment(account.platformAccountId(), account.accessToken(), contactId,
                                type, url, humanAgent),
                        GraphErrors::toSendFailure));
    }

    private Uni<PartResult> send(AccountCredentials account, String contactId, String text, boolean humanAgent) {
        return sender.sendPart(platform(), account, contactId, config.recipientSpacing(),
                () -> graph.sendText(account.platformAccountId(), account.accessToken(), contactId, text, humanAgent),
                GraphErrors::toSendFailure);
    }
}
