package io.socialsync.responder.platform.telegram;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.platform.OutboundMedia;
import io.socialsync.responder.platform.PacedSender;
import io.socialsync.responder.platform.PartResult;
import io.socialsync.responder.platform.ReplyChannel;
import io.socialsync.responder.platform.ReplySplitter;
import io.socialsync.responder.platform.SendFailure;
import io.socialsync.responder.reply.AccountCredentials;

/**
 * Answers on Telegram through the Bot API: {@code sendChatAction typing}, kept up every few seconds while the reply is
 * prepared (Telegram shows it about 5 s), then {@code sendMessage} in parts of at most 4 096 characters, paced to
 * about one message per second per chat and the bot's throughput (30/s) by the shared limits. Telegram has no
 * 24-hour window and no read receipt for bots. A chat that blocked the bot (403) marks its contact unreachable and
 * is never retried.
 */
@ApplicationScoped
public class TelegramChannel implements ReplyChannel {

    private final TelegramBotClient bot;
    private final PacedSender sender;
    private final TelegramContacts contacts;
    private final TelegramConfig config;
    private final ReplySplitter splitter;
    /** The typing action kept up per chat of this replica, until the chat's first part goes out. */
    private final Map<String, Cancellable> typing = new ConcurrentHashMap<>();

    public TelegramChannel(TelegramBotClient bot, PacedSender sender, TelegramContacts contacts,
            TelegramConfig config) {
        this.bot = bot;
        this.sender = sender;
        this.contacts = contacts;
        this.config = config;
        this.splitter = new ReplySplitter(ReplySplitter.Measure.UTF16_CHARS, config.maxPartChars());
    }

    @Override
    public Platform platform() {
        return Platform.TELEGRAM;
    }

    /** Bots get no read receipt to send; the typing action is shown now and refreshed until the reply goes out. */
    @Override
    public Uni<Void> sendTypingAndMarkRead(AccountCredentials account, String contactId, UnifiedMessage lastMessage) {
        return typingOnce(account, contactId).invoke(() -> keepTyping(account, contactId));
    }

    @Override
    public List<String> split(String text) {
        return splitter.split(text);
    }

    /** Telegram hands nothing back for a tag: our message id is the proof, as the echo of a business chat shows. */
    @Override
    public Uni<PartResult> sendPart(AccountCredentials account, String contactId, String text, String tag) {
        stopTyping(account, contactId);
        return sender.sendPart(platform(), account, contactId, config.recipientSpacing(),
                () -> bot.sendText(account.platformAccountId(), account.accessToken(), contactId, text),
                TelegramErrors::toSendFailure)
                .call(result -> result.failure().filter(TelegramErrors::blocked).isPresent()
                        ? contacts.markUnreachable(account.id(), contactId)
                        : Uni.createFrom().voidItem());
    }

    @Override
    public boolean sendsMedia() {
        return true;
    }

    @Override
    public int captionLimit() {
        return config.maxCaptionChars();
    }

    /** {@code sendPhoto} or {@code sendDocument}, the file uploaded with the request. */
    @Override
    public Uni<PartResult> sendMedia(AccountCredentials account, String contactId, OutboundMedia media,
            String caption, String tag) {
        stopTyping(account, contactId);
        boolean photo = media.kind() == OutboundMedia.Kind.IMAGE;
        return media.bytes().onItemOrFailure().transformToUni((bytes, failure) -> failure != null
                ? Uni.createFrom().item(PartResult.failed(new SendFailure(OptionalInt.empty(), 0, true, false, false,
                        "media not read: " + failure.getClass().getSimpleName())))
                : sender.sendPart(platform(), account, contactId, config.recipientSpacing(),
                        () -> bot.sendFile(account.platformAccountId(), account.accessToken(), contactId, photo, bytes,
                                media.contentType(), media.uploadName(), caption),
                        TelegramErrors::toSendFailure)
                        .call(result -> result.failure().filter(TelegramErrors::blocked).isPresent()
                                ? contacts.markUnreachable(account.id(), contactId)
                                : Uni.createFrom().voidItem()));
    }

    private Uni<Void> typingOnce(AccountCredentials account, String contactId) {
        return sender.senderAction(platform(), account,
                bot.sendTyping(account.platformAccountId(), account.accessToken(), contactId),
                TelegramErrors::toSendFailure);
    }

    private void keepTyping(AccountCredentials account, String contactId) {
        long refreshes = Math.max(0, config.typingAtMost().toMillis() / config.typingRefresh().toMillis() - 1);
        String key = key(account, contactId);
        Cancellable refresh = Multi.createFrom().ticks().startingAfter(config.typingRefresh())
                .every(config.typingRefresh()).select().first(refreshes)
                .onItem().transformToUniAndConcatenate(tick -> typingOnce(account, contactId))
                .onTermination().invoke(() -> typing.remove(key))
                .subscribe().with(done -> {
                }, failure -> {
                });
        Cancellable previous = typing.put(key, refresh);
        if (previous != null) {
            previous.cancel();
        }
    }

    private void stopTyping(AccountCredentials account, String contactId) {
        Cancellable refresh = typing.remove(key(account, contactId));
        if (refresh != null) {
            refresh.cancel();
        }
    }

    private static String key(AccountCredentials account, String contactId) {
        return account.id() + "/" + contactId;
    }
}
