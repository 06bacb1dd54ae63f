package io.socialsync.ingest.webhook;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.account.AccountDirectory;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.ingest.queue.InboundQueue;
import io.socialsync.ingest.store.AccountEventStore;
import io.socialsync.ingest.store.ConversationEventStore;
import io.socialsync.ingest.store.EchoStore;
import io.socialsync.ingest.store.EditStore;
import io.socialsync.ingest.store.MessageStore;
import io.socialsync.ingest.store.StatusStore;
import io.socialsync.ingest.store.StoreRequest;
import io.socialsync.ingest.store.StoredMessage;
import io.socialsync.ingest.webhook.WebhookMetrics.Outcome;
import io.socialsync.model.LogFields;
import io.socialsync.model.Platform;
import io.socialsync.model.TraceParent;
import io.socialsync.model.UnifiedMessage;

/**
 * Takes a delivery from the door to the stream: verify, extract, gate, store, enqueue. It completes only when every
 * message is in PostgreSQL and on the stream, so that a 2xx means nothing can be lost; any failure on the way
 * fails the delivery and the platform redelivers.
 *
 * <p>
 * Only customer messages that ask for an answer are enqueued, and only while they wait for the AI. Reactions are
 * stored, statuses, reads, deletions and edits update stored messages, echoes are recognised or hand the
 * conversation to a person, events about customers and accounts are recorded where an operator reads them: none of
 * them opens a batch. An account that is inactive (flagged by the responder) still has its messages
 * stored, {@code held}; only items for an account never registered are dropped.
 */
@ApplicationScoped
public class WebhookService {

    static final String NOT_IN_PLAN = "not in plan";
    static final String OVER_TOKEN_LIMIT = "over token limit";
    static final String UNSUPPORTED = "unsupported";
    private static final Uni<Void> NOTHING = Uni.createFrom().voidItem();

    private final Map<String, WebhookPlatform> platforms;
    private final AccountDirectory accounts;
    private final MessageStore store;
    private final StatusStore statuses;
    private final EchoStore echoes;
    private final EditStore edits;
    private final ConversationEventStore events;
    private final AccountEventStore accountEvents;
    private final InboundQueue queue;
    private final TokenCounter tokens;
    private final WebhookMetrics metrics;
    private final WebhookAdmission admission;
    private final Tracer tracer;
    private final int maxMessageTokens;

    public WebhookService(Instance<WebhookPlatform> platforms, AccountDirectory accounts, MessageStore store,
            StatusStore statuses, EchoStore echoes, EditStore edits, ConversationEventStore events,
            AccountEventStore accountEvents, InboundQueue queue, TokenCounter tokens, WebhookMetrics metrics,
            WebhookAdmission admission, Tracer tracer,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff,
            IngestConfig config) {
        this.platforms = platforms.stream()
                .collect(Collectors.toUnmodifiableMap(platform -> platform.platform().wire(), Function.identity()));
        this.accounts = accounts;
        this.store = store;
        this.statuses = statuses;
        this.echoes = echoes;
        this.edits = edits;
        this.events = events;
        this.accountEvents = accountEvents;
        this.queue = queue;
        this.tokens = tokens;
        this.metrics = metrics;
        this.admission = admission;
        this.tracer = TraceParent.tracer(tracer, tracingOff);
        this.maxMessageTokens = config.gating().maxMessageTokens();
    }

    /** The adapter behind a route segment, or empty for a platform we do not serve. */
    public Optional<WebhookPlatform> platform(String wireName) {
        return Optional.ofNullable(platforms.get(wireName));
    }

    /** The platform's setup check: the body to answer, or empty when the check is refused. */
    public Optional<String> verifySubscription(WebhookPlatform platform, WebhookRequest request) {
        return platform.subscriptionChallenge(request);
    }

    /** A delivery, when there is room for it ({@link WebhookAdmission}); else refused at once, nothing stored. */
    public Uni<DeliveryReceipt> receive(WebhookPlatform platform, WebhookRequest request) {
        return admission.<DeliveryReceipt>admit(() -> receiveAdmitted(platform, request))
                .onFailure(WebhookAdmission.OverloadedException.class)
                .invoke(overloaded -> metrics.count(platform.platform(), Outcome.OVERLOADED));
    }

    private Uni<DeliveryReceipt> receiveAdmitted(WebhookPlatform platform, WebhookRequest request) {
        long started = System.nanoTime();
        Platform name = platform.platform();
        byte[] rawBody = request.body();
        // Fields of every line of this request (the request's own Vert.x context holds them).
        MDC.put(LogFields.PLATFORM, name.wire());
        if (!platform.verify(request)) {
            metrics.count(name, Outcome.REJECTED);
            MDC.put(LogFields.OUTCOME, Outcome.REJECTED.tag());
            Log.warnf("webhook platform=%s outcome=rejected bytes=%d", name.wire(), rawBody.length);
            return Uni.createFrom().failure(new SignatureRejectedException(name));
        }
        WebhookDelivery delivery;
        try {
            delivery = platform.extract(request);
        } catch (MalformedPayloadException e) {
            return malformed(name, rawBody, e);
        } catch (RuntimeException e) {
            // An adapter must read anything signed without throwing; if it does not, the body is still bad input
            // (a 5xx would make Meta redeliver the same bytes forever).
            return malformed(name, rawBody, new MalformedPayloadException("the body could not be read", e));
        }
        Tally tally = new Tally();
        Function<String, Uni<Optional<Account>>> account = accountLookup(name, delivery);
        // With tracing off this span is a no-op and no trace context is written to the stream.
        Span enqueueSpan = tracer.spanBuilder("store and enqueue").setAttribute("socialsync.platform", name.wire())
                .setAttribute("socialsync.messages", delivery.messages().size()).startSpan();
        String traceParent = TraceParent.of(enqueueSpan);
        // All messages of a delivery are stored at once (one group commit), then those waiting for an answer go on
        // the stream together, in their order: a customer's burst reaches the batcher within one window.
        Uni<Void> messages = all(delivery.messages(), message -> account.apply(message.accountId())
                .flatMap(found -> found.isEmpty()
                        ? Uni.createFrom().item(() -> {
                            unknownAccount(name, tally);
                            return Optional.<UnifiedMessage>empty();
                        })
                        : store(platform, found.get(), message, tally)))
                .flatMap(stored -> {
                    List<UnifiedMessage> waiting = stored.stream().flatMap(Optional::stream)
                            .map(message -> traceParent == null ? message : message.withTraceParent(traceParent))
                            .toList();
                    return waiting.isEmpty() ? NOTHING : queue.enqueueAll(waiting).replaceWithVoid();
                })
                .onTermination().invoke(enqueueSpan::end);
        Uni<Void> updates = inOrder(delivery.statuses(), update -> ofAccount(account, update.accountId(), name, tally,
                found -> statuses.apply(found, update).map(tally::updated)));
        Uni<Void> echoed = inOrder(delivery.echoes(), echo -> ofAccount(account, echo.accountId(), name, tally,
                found -> echoes.record(found, echo).map(outcome -> tally.echo())));
        Uni<Void> edited = inOrder(delivery.edits(), edit -> ofAccount(account, edit.accountId(), name, tally,
                found -> edits.apply(found, edit).map(tally::updated)));
        Uni<Void> told = inOrder(delivery.events(), event -> ofAccount(account, event.accountId(), name, tally,
                found -> events.record(found, event).map(tally::updated)));
        Uni<Void> accountNews = inOrder(delivery.accountEvents(),
                event -> accountEvents.apply(event).map(tally::updated));
        // Messages first: an edit or a deletion delivered with the message it is about finds it stored.
        return messages.flatMap(done -> updates).flatMap(done -> echoed).flatMap(done -> edited)
                .flatMap(done -> told).flatMap(done -> accountNews)
                .map(done -> tally.receipt(delivery.skipped()))
                .invoke(receipt -> {
                    metrics.count(name, receipt.outcome());
                    MDC.put(LogFields.OUTCOME, receipt.outcome().tag());
                    MDC.put(LogFields.DURATION_MS, Long.toString((System.nanoTime() - started) / 1_000_000));
                    // The text keeps its counts and "in N ms": bench/ingest-throughput.sh reads them.
                    Log.info(deliveryLine(name, receipt, rawBody.length, delivery.items(), tally.gated, started));
                })
                .onFailure().invoke(failure -> {
                    metrics.count(name, Outcome.FAILED);
                    MDC.put(LogFields.OUTCOME, Outcome.FAILED.tag());
                    Log.errorf("webhook platform=%s outcome=failed bytes=%d: %s (the platform will redeliver)",
                            name.wire(), rawBody.length, failure.toString());
                });
    }

    /** Applies {@code step} to an item of a registered account; an item of an unknown account is dropped and counted. */
    private Uni<Tally> ofAccount(Function<String, Uni<Optional<Account>>> account, String accountId, Platform name,
            Tally tally, Function<Account, Uni<Tally>> step) {
        return account.apply(accountId).flatMap(found -> found.isEmpty()
                ? Uni.createFrom().item(() -> unknownAccount(name, tally))
                : step.apply(found.get()));
    }

    /** An item for an account never registered: dropped, and counted so that a misrouted app shows. */
    private Tally unknownAccount(Platform name, Tally tally) {
        metrics.unknownAccount(name);
        return tally.ignored();
    }

    /**
     * The account of each item; looked up once per delivery and account id when a delivery holds several items
     * (most hold one, which needs no memo).
     */
    private Function<String, Uni<Optional<Account>>> accountLookup(Platform name, WebhookDelivery delivery) {
        if (delivery.items() <= 1) {
            return id -> accounts.find(name, id);
        }
        Map<String, Uni<Optional<Account>>> accountsOfDelivery = new HashMap<>();
        return id -> accountsOfDelivery.computeIfAbsent(id, key -> accounts.find(name, key).memoize().indefinitely());
    }

    /** Runs the step for every item at once; the results come in the items' order. */
    private static <T, R> Uni<List<R>> all(List<T> items, Function<T, Uni<R>> step) {
        return switch (items.size()) {
            case 0 -> Uni.createFrom().item(List.of());
            case 1 -> step.apply(items.get(0)).map(List::of);
            default -> Uni.join().all(items.stream().map(step).toList()).andFailFast();
        };
    }

    /** Handles the items one after the other. */
    private static <T> Uni<Void> inOrder(List<T> items, Function<T, Uni<Tally>> step) {
        return switch (items.size()) {
            case 0 -> NOTHING;
            case 1 -> step.apply(items.get(0)).replaceWithVoid();
            default ->
                Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(item -> step.apply(item))
                        .collect().last().replaceWithVoid();
        };
    }

    /** The one line per delivery: counts and timing, never text, ids of customers or secrets. */
    private static String deliveryLine(Platform name, DeliveryReceipt receipt, int bytes, int items, int gated,
            long started) {
        // Built by hand: a format string per delivery cost more than the rest of the line.
        return new StringBuilder(160).append("webhook platform=").append(name.wire())
                .append(" outcome=").append(receipt.outcome().tag())
                .append(" bytes=").append(bytes)
                .append(" items=").append(items)
                .append(" stored=").append(receipt.stored())
                .append(" duplicates=").append(receipt.duplicates())
                .append(" ignored=").append(receipt.ignored())
                .append(" updated=").append(receipt.updated())
                .append(" echoes=").append(receipt.echoes())
                .append(" gated=").append(gated)
                .append(" in ").append((System.nanoTime() - started) / 1_000_000).append(" ms")
                .toString();
    }

    private Uni<DeliveryReceipt> malformed(Platform name, byte[] rawBody, MalformedPayloadException e) {
        metrics.count(name, Outcome.MALFORMED);
        MDC.put(LogFields.OUTCOME, Outcome.MALFORMED.tag());
        Log.warnf("webhook platform=%s outcome=malformed bytes=%d reason=%s", name.wire(), rawBody.length,
                e.getMessage());
        return Uni.createFrom().failure(e);
    }

    /**
     * Gates and stores one message; @return the message to put on the stream when it asks for an answer and still
     * waits for one, else empty. A redelivery of a message still waiting is enqueued again: the first attempt may
     * have failed after the insert. The batcher lets each message into a window once.
     */
    private Uni<Optional<UnifiedMessage>> store(WebhookPlatform platform, Account account, ExtractedMessage message,
            Tally tally) {
        int tokenCount = tokens.count(message.text());
        String refusal = refusal(account, message, tokenCount);
        boolean allowed = refusal == null;
        if (!allowed && message.opensBatch()) {
            tally.gated++;
        }
        String detail = allowed
                ? message.detail()
                : message.detail() == null ? refusal : refusal + "; " + message.detail();
        StoreRequest request = new StoreRequest(account, message, UUID.randomUUID(), tokenCount, allowed, detail);
        return store.store(request).map(stored -> {
            tally.stored(stored);
            if (stored.created()) {
                platform.messageStored(account, message);
                if (message.opensBatch() && account.holdsMessages()) {
                    metrics.held(platform.platform());
                }
            }
            return message.opensBatch() && stored.awaitingAnswer()
                    ? Optional.of(unified(platform.platform(), message.withContact(stored.contactKey()), stored,
                            tokenCount, allowed))
                    : Optional.empty();
        });
    }

    /**
     * Why the AI must not see this message, or null when it may. A refused message is still stored and enqueued:
     * the responder answers it with the plan notice instead of an AI call.
     */
    private String refusal(Account account, ExtractedMessage message, int tokenCount) {
        if (!message.opensBatch()) {
            return null;
        }
        if (message.type() == io.socialsync.model.UnifiedMessageType.UNSUPPORTED) {
            return UNSUPPORTED;
        }
        if (!account.allows(message.type())) {
            return NOT_IN_PLAN;
        }
        if (tokenCount > Math.min(maxMessageTokens, account.maxMessageTokens())) {
            return OVER_TOKEN_LIMIT;
        }
        return null;
    }

    private static UnifiedMessage unified(Platform platform, ExtractedMessage message, StoredMessage stored,
            int tokenCount, boolean allowed) {
        return new UnifiedMessage(stored.id(), platform, message.accountId(), message.contactId(),
                message.platformMessageId(), message.type(), message.text(), message.media(), message.replyToId(),
                tokenCount, message.sentAt(), allowed);
    }

    /**
     * Counts of one delivery. Its items may be stored at once, but every step completes on the delivery's own event
     * loop (the grouped statements answer each caller on the context it called from), so plain fields suffice.
     */
    private static final class Tally {

        int stored;
        int duplicates;
        int ignored;
        int updated;
        int echoes;
        int gated;

        Tally ignored() {
            ignored++;
            return this;
        }

        Tally updated(boolean applied) {
            if (applied) {
                updated++;
            } else {
                ignored++;
            }
            return this;
        }

        Tally echo() {
            echoes++;
            return this;
        }

        void stored(StoredMessage message) {
            if (message.created()) {
                stored++;
            } else {
                duplicates++;
            }
        }

        DeliveryReceipt receipt(int skipped) {
            Outcome outcome = stored > 0 || updated > 0 || echoes > 0
                    ? Outcome.ACCEPTED
                    : duplicates > 0 ? Outcome.DUPLICATE : Outcome.IGNORED;
            return new DeliveryReceipt(outcome, stored, duplicates, ignored + skipped, updated, echoes);
        }
    }
}
