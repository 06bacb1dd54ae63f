package io.socialsync.responder.reply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.ai.AiProvider;
import io.socialsync.responder.ai.AiRequest;
import io.socialsync.responder.batch.BatchClaimer;
import io.socialsync.responder.batch.ClaimedBatch;
import io.socialsync.responder.platform.ReplyChannel;
import io.socialsync.responder.platform.SendFailure;
import io.socialsync.responder.platform.SendResult;

/**
 * Answers one claimed batch: typing indicator, AI reply, send, record, release. A batch that fails keeps its
 * lease until it expires; its messages stay {@code received} in PostgreSQL, so nothing is lost.
 */
@ApplicationScoped
public class ReplyService {

    private final Map<Platform, ReplyChannel> channels;
    private final ConversationStore conversations;
    private final AiProvider ai;
    private final BatchClaimer claimer;
    private final ReplyMetrics metrics;

    public ReplyService(Instance<ReplyChannel> channels, ConversationStore conversations, AiProvider ai,
            BatchClaimer claimer, ReplyMetrics metrics) {
        this.channels = channels.stream()
                .collect(Collectors.toUnmodifiableMap(ReplyChannel::platform, Function.identity()));
        this.conversations = conversations;
        this.ai = ai;
        this.claimer = claimer;
        this.metrics = metrics;
    }

    public Uni<Void> answer(ClaimedBatch batch) {
        if (batch.messages().isEmpty()) {
            // The window expired or held nothing readable: nothing to say, nothing to keep.
            return claimer.complete(batch);
        }
        long started = System.nanoTime();
        UnifiedMessage last = batch.last();
        Platform platform = last.platform();
        metrics.lateness(platform, Duration.ofMillis(batch.latenessMillis()));
        ReplyChannel channel = channels.get(platform);
        if (channel == null) {
            metrics.failed(platform, "no_channel");
            return Uni.createFrom().failure(new IllegalStateException("no reply channel for " + platform.wire()));
        }
        return conversations.account(platform, last.accountId())
                .flatMap(account -> {
                    if (account.isEmpty()) {
                        Log.warnf("batch %s for unknown or inactive %s account %s dropped", batch.id(),
                                platform.wire(), last.accountId());
                        metrics.processed(platform, "no_account", elapsed(started));
                        return claimer.complete(batch);
                    }
                    return reply(batch, channel, account.get(), started);
                })
                .onFailure().invoke(failure -> {
                    metrics.failed(platform, failure.getClass().getSimpleName());
                    Log.errorf("conversation platform=%s account=%s contact=%s batch=%s failed after %d ms: %s",
                            platform.wire(), last.accountId(), hashed(last.contactId()), batch.id(),
                            elapsed(started).toMillis(), failure.toString());
                });
    }

    private Uni<Void> reply(ClaimedBatch batch, ReplyChannel channel, AccountCredentials account, long started) {
        UnifiedMessage last = batch.last();
        Platform platform = last.platform();
        return channel.sendTypingAndMarkRead(account, last.contactId(), last)
                .flatMap(typing -> ai.reply(new AiRequest(account.tenantId(), batch.messages())))
                .invoke(text -> metrics.generated(platform, ai.name()))
                .flatMap(text -> channel.sendText(account, last.contactId(), text))
                .flatMap(sent -> sent.isDelivered()
                        ? conversations.recordReply(batch.id(), batch.messages(), sent.parts())
                                .flatMap(recorded -> claimer.complete(batch))
                                .invoke(() -> {
                                    Duration took = elapsed(started);
                                    metrics.processed(platform, "answered", took);
                                    Log.infof("conversation platform=%s account=%s contact=%s messages=%d types=%s "
                                            + "lateness=%d ms answered in %d ms", platform.wire(),
                                            account.platformAccountId(), hashed(last.contactId()),
                                            batch.messages().size(), types(batch), batch.latenessMillis(),
                                            took.toMillis());
                                })
                        : undelivered(batch, account, sent, started));
    }

    /**
     * A send the platform refused for good (24 h window, token rejected, …) or that went out in part marks the batch
     * failed with the reason: trying again would fail again or repeat what the customer saw. A retryable failure
     * with nothing sent fails the batch, which keeps its messages {@code received} for another attempt.
     */
    private Uni<Void> undelivered(ClaimedBatch batch, AccountCredentials account, SendResult sent, long started) {
        SendFailure failure = sent.failure().orElseThrow();
        UnifiedMessage last = batch.last();
        Platform platform = last.platform();
        if (failure.retryable() && sent.parts().isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException("reply not sent: " + failure.reason()));
        }
        return conversations.recordUndelivered(batch.id(), batch.messages(), failure.reason(), sent.parts())
                .flatMap(recorded -> claimer.complete(batch))
                .invoke(() -> {
                    metrics.processed(platform, "send_failed", elapsed(started));
                    Log.warnf("conversation platform=%s account=%s contact=%s batch=%s marked failed: %s",
                            platform.wire(), account.platformAccountId(), hashed(last.contactId()), batch.id(),
                            failure.reason());
                });
    }

    private static String types(ClaimedBatch batch) {
        return batch.messages().stream().map(message -> message.type().wire()).distinct()
                .collect(Collectors.joining(","));
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Logs identify a customer only by a short hash: enough to follow one conversation, no phone number. */
    static String hashed(String contactId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(contactId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
