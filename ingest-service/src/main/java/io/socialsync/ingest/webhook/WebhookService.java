package io.socialsync.ingest.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.account.AccountDirectory;
import io.socialsync.ingest.queue.InboundQueue;
import io.socialsync.ingest.store.MessageStore;
import io.socialsync.ingest.store.StoredMessage;
import io.socialsync.ingest.webhook.WebhookMetrics.Outcome;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;

/**
 * Takes a delivery from the door to the stream: verify, extract, store, enqueue. It completes only when every
 * message is in PostgreSQL and on the stream, so that a 2xx means nothing can be lost; any failure on the way
 * fails the delivery and the platform redelivers.
 */
@ApplicationScoped
public class WebhookService {

    private final Map<String, WebhookPlatform> platforms;
    private final AccountDirectory accounts;
    private final MessageStore store;
    private final InboundQueue queue;
    private final TokenCounter tokens;
    private final WebhookMetrics metrics;

    public WebhookService(Instance<WebhookPlatform> platforms, AccountDirectory accounts, MessageStore store,
            InboundQueue queue, TokenCounter tokens, WebhookMetrics metrics) {
        this.platforms = platforms.stream()
                .collect(Collectors.toUnmodifiableMap(platform -> platform.platform().wire(), Function.identity()));
        this.accounts = accounts;
        this.store = store;
        this.queue = queue;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    /** The adapter behind a route segment, or empty for a platform we do not serve. */
    public Optional<WebhookPlatform> platform(String wireName) {
        return Optional.ofNullable(platforms.get(wireName));
    }

    /** Meta's setup check: whether the challenge may be echoed. */
    public boolean verifySubscription(WebhookPlatform platform, String mode, String token) {
        return "subscribe".equals(mode) && platform.verifyTokenMatches(token);
    }

    public Uni<DeliveryReceipt> receive(WebhookPlatform platform, String signatureHeader, byte[] rawBody) {
        long started = System.nanoTime();
        Platform name = platform.platform();
        if (!platform.signatureMatches(signatureHeader, rawBody)) {
            metrics.count(name, Outcome.REJECTED);
            Log.warnf("webhook platform=%s outcome=rejected bytes=%d", name.wire(), rawBody.length);
            return Uni.createFrom().failure(new SignatureRejectedException(name));
        }
        WebhookDelivery delivery;
        try {
            delivery = platform.extract(rawBody);
        } catch (MalformedPayloadException e) {
            metrics.count(name, Outcome.MALFORMED);
            Log.warnf("webhook platform=%s outcome=malformed bytes=%d reason=%s", name.wire(), rawBody.length,
                    e.getMessage());
            return Uni.createFrom().failure(e);
        }
        // One message after the other keeps a customer's messages in their order on the stream.
        return Multi.createFrom().iterable(delivery.messages())
                .onItem().transformToUniAndConcatenate(message -> accept(name, message))
                .collect().asList()
                .map(outcomes -> receipt(delivery, outcomes))
                .invoke(receipt -> {
                    metrics.count(name, receipt.outcome());
                    Log.infof("webhook platform=%s outcome=%s messages=%d stored=%d duplicates=%d ignored=%d in %d ms",
                            name.wire(), receipt.outcome().name().toLowerCase(), delivery.messages().size(),
                            receipt.stored(), receipt.duplicates(), receipt.ignored(),
                            (System.nanoTime() - started) / 1_000_000);
                })
                .onFailure().invoke(failure -> {
                    metrics.count(name, Outcome.FAILED);
                    Log.errorf("webhook platform=%s outcome=failed: %s (the platform will redeliver)", name.wire(),
                            failure.toString());
                });
    }

    private Uni<MessageOutcome> accept(Platform platform, ExtractedMessage message) {
        return accounts.find(platform, message.accountId()).flatMap(account -> {
            if (account.isEmpty()) {
                return Uni.createFrom().item(MessageOutcome.IGNORED);
            }
            int tokenCount = tokens.count(message.text());
            return store.store(account.get(), message, tokenCount, true)
                    .flatMap(stored -> enqueueIfWaiting(platform, message, tokenCount, stored));
        });
    }

    private Uni<MessageOutcome> enqueueIfWaiting(Platform platform, ExtractedMessage message, int tokenCount,
            StoredMessage stored) {
        MessageOutcome outcome = stored.created() ? MessageOutcome.STORED : MessageOutcome.DUPLICATE;
        if (!stored.awaitingAnswer()) {
            return Uni.createFrom().item(outcome);
        }
        // A redelivery of a message still waiting is enqueued again: the first attempt may have failed after the
        // insert. The batcher lets each message into a window once.
        UnifiedMessage unified = new UnifiedMessage(stored.id(), platform, message.accountId(), message.contactId(),
                message.platformMessageId(), message.type(), message.text(), message.media(), message.replyToId(),
                tokenCount, message.sentAt(), true);
        return queue.enqueue(unified).replaceWith(outcome);
    }

    private static DeliveryReceipt receipt(WebhookDelivery delivery, List<MessageOutcome> outcomes) {
        int stored = count(outcomes, MessageOutcome.STORED);
        int duplicates = count(outcomes, MessageOutcome.DUPLICATE);
        int ignored = count(outcomes, MessageOutcome.IGNORED) + delivery.skipped();
        Outcome outcome = stored > 0 ? Outcome.ACCEPTED : duplicates > 0 ? Outcome.DUPLICATE : Outcome.IGNORED;
        return new DeliveryReceipt(outcome, stored, duplicates, ignored);
    }

    private static int count(List<MessageOutcome> outcomes, MessageOutcome wanted) {
        return (int) outcomes.stream().filter(wanted::equals).count();
    }

    private enum MessageOutcome {
        STORED, DUPLICATE, IGNORED
    }
}
