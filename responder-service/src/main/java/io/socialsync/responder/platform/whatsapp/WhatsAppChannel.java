package io.socialsync.responder.platform.whatsapp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.messaging.MessagingSettings;
import io.socialsync.responder.messaging.MessagingSettings.WindowTemplate;
import io.socialsync.responder.platform.OutboundMedia;
import io.socialsync.responder.platform.OutsideWindow;
import io.socialsync.responder.platform.PacedSender;
import io.socialsync.responder.platform.PartDelivery;
import io.socialsync.responder.platform.PartResult;
import io.socialsync.responder.platform.ReplyChannel;
import io.socialsync.responder.platform.ReplySplitter;
import io.socialsync.responder.platform.SendFailure;
import io.socialsync.responder.platform.graph.GraphErrors;
import io.socialsync.responder.reply.AccountCredentials;

/**
 * Answers on WhatsApp through the Cloud API: a read receipt with the typing indicator (shown again while the reply
 * takes long), then the text in parts of at most 4 096 characters, to the customer's phone number or, for a customer
 * who hides it, their business-scoped user id. After the 24-hour window a person's reply goes out as the account's
 * approved template. A person's image or document goes by link or by upload, its caption with it; after the window
 * it cannot go at all (a template carries no media here).
 */
@ApplicationScoped
public class WhatsAppChannel implements ReplyChannel {

    private final WhatsAppGraphClient graph;
    private final WhatsAppRecipients recipients;
    private final PacedSender sender;
    private final ReplySplitter splitter;
    private final ReplySplitter templateSplitter;
    private final WhatsAppSendConfig config;
    private final WhatsAppMessagingConfig messaging;

    public WhatsAppChannel(WhatsAppGraphClient graph, WhatsAppRecipients recipients, PacedSender sender,
            WhatsAppSendConfig config, WhatsAppMessagingConfig messaging) {
        this.graph = graph;
        this.recipients = recipients;
        this.sender = sender;
        this.config = config;
        this.messaging = messaging;
        this.splitter = new ReplySplitter(ReplySplitter.Measure.UTF16_CHARS, this.config.maxPartChars());
        this.templateSplitter = new ReplySplitter(ReplySplitter.Measure.UTF16_CHARS,
                messaging.templateParameterMaxChars());
    }

    @Override
    public Platform platform() {
        return Platform.WHATSAPP;
    }

    /** Addressed by the message's id alone, so it works for a customer known only by a business-scoped user id. */
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
        return send(account, contactId, address -> graph.sendText(account.platformAccountId(),
                account.accessToken(), address, text, tag));
    }

    @Override
    public boolean sendsMedia() {
        return true;
    }

    @Override
    public int captionLimit() {
        return config.maxCaptionChars();
    }

    /**
     * An image or a document by the store's link or by upload ({@link WhatsAppSendConfig#mediaDelivery()}). The upload
     * happens before the recipient's turn and is no message: when it fails, nothing reached the customer.
     */
    @Override
    public Uni<PartResult> sendMedia(AccountCredentials account, String contactId, OutboundMedia media,
            String caption, String tag) {
        String filename = media.kind() == OutboundMedia.Kind.DOCUMENT ? media.uploadName() : null;
        boolean byLink = switch (config.mediaDelivery()) {
            case LINK -> true;
            case UPLOAD -> false;
            case AUTO -> media.source().linksReachable();
        };
        Uni<WhatsAppPayloads.Media> reference = byLink
                ? media.link().map(link -> new WhatsAppPayloads.Media(link, null, caption, filename))
                : media.bytes().flatMap(bytes -> graph.upload(account.platformAccountId(), account.accessToken(),
                        bytes, media.contentType(), media.uploadName()))
                        .map(id -> new WhatsAppPayloads.Media(null, id, caption, filename));
        return reference.onItemOrFailure().transformToUni((ready, failure) -> failure != null
                ? Uni.createFrom().item(PartResult.failed(notSent(failure)))
                : send(account, contactId, address -> graph.sendMedia(account.platformAccountId(),
                        account.accessToken(), address, media.kind().wire(), ready, tag)));
    }

    /** The upload or the link failed before any message was written: a passing failure may go later. */
    private static SendFailure notSent(Throwable thrown) {
        SendFailure failure = GraphErrors.toSendFailure(thrown);
        return new SendFailure(failure.platformErrorCode(), failure.httpStatus(),
                failure.retryable() || failure.deliveryUnknown(), failure.credentialsRejected(), false,
                "media not uploaded: " + failure.reason());
    }

    /**
     * Sends in the recipient's turn to where the customer is reached now (their number may have changed since the
     * batch was written). A lookup that fails proves nothing went out: the part may go later.
     */
    private Uni<PartResult> send(AccountCredentials account, String contactId,
            Function<WhatsAppRecipients.Address, Uni<String>> request) {
        // Read while the turn is reserved, so the lookup adds no wait of its own.
        Uni<WhatsAppRecipients.Address> address = recipients.of(account.id(), contactId).onFailure()
                .transform(RecipientUnknown::new).memoize().indefinitely();
        address.subscribe().with(read -> {
        }, unread -> {
        });
        return sender.sendPart(platform(), account, contactId, config.recipientSpacing(),
                () -> address.flatMap(read -> request.apply(read)),
                thrown -> thrown instanceof RecipientUnknown
                        ? new SendFailure(OptionalInt.empty(), 0, true, false, false, "recipient not read: "
                                + thrown.getCause().getClass().getSimpleName())
                        : GraphErrors.toSendFailure(thrown));
    }

    /** The customer's address could not be read (PostgreSQL): no request was written. */
    private static final class RecipientUnknown extends RuntimeException {
        RecipientUnknown(Throwable cause) {
            super(cause);
        }
    }

    @Override
    public Optional<Duration> serviceWindow() {
        return Optional.of(messaging.serviceWindow());
    }

    /** Only an approved template may go out now: the account's, or none (refused). */
    @Override
    public OutsideWindow outsideWindow(Duration sinceCustomer, MessagingSettings settings) {
        return settings.windowTemplate().map(template -> OutsideWindow.sendAs(new TemplateDelivery(template)))
                .orElseGet(() -> OutsideWindow.refused("The customer's last message is more than 24 hours old: "
                        + "WhatsApp takes only an approved template now, and this account has none configured "
                        + "(PUT /admin/accounts/{id}/messaging)."));
    }

    @Override
    public boolean windowClosed(SendFailure failure) {
        return GraphErrors.windowClosed(failure);
    }

    @Override
    public Optional<Duration> typingRefresh() {
        return Optional.of(messaging.typingRefresh());
    }

    /**
     * The account's template, with the person's text as its body parameter {{1}} when it takes one (several
     * templates for a text longer than a parameter holds; Meta refuses line breaks and tabs in a parameter).
     * Without a parameter the template goes out once, as it is.
     */
    private final class TemplateDelivery implements PartDelivery {

        private final WindowTemplate template;

        TemplateDelivery(WindowTemplate template) {
            this.template = template;
        }

        @Override
        public List<String> split(String text) {
            String flat = text.replaceAll("[\\t\\r\\n]+", " ").replaceAll(" {4,}", "   ").strip();
            return template.textParameter() ? templateSplitter.split(flat) : List.of(flat);
        }

        @Override
        public Uni<PartResult> sendPart(AccountCredentials account, String contactId, String text, String tag) {
            String parameter = template.textParameter() ? text : null;
            return send(account, contactId, address -> graph.sendTemplate(account.platformAccountId(),
                    account.accessToken(), address, template.name(), template.language(), parameter, tag));
        }
    }
}
