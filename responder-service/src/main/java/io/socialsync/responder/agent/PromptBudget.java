package io.socialsync.responder.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.ai.ConversationTurn;
import io.socialsync.responder.config.ResponderConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Fits an AI request into {@code socialsync.ai.max-request-tokens} (o200k_base, as counted at ingest): the
 * instructions and a reserve for the knowledge passages first, then the customer's new messages (one that does not fit
 * alone is never sent to the model), then as much history as is left, newest kept, oldest dropped.
 * <p>
 * The vocabulary (o200k_base: about 30 MiB of heap, a quarter of the start's CPU when it was loaded at start) is
 * loaded on a worker thread the first time a request must be counted: most requests fit by their bytes and never need
 * it. The request that needs it first waits for it off the event loop.
 */
@ApplicationScoped
public class PromptBudget {

    /** What goes to the model, and the new messages that were too large for it. */
    public record Fitted(List<UnifiedMessage> messages, List<UnifiedMessage> oversized,
            List<ConversationTurn> history) {
    }

    private final Supplier<CompletableFuture<Encoding>> loader;
    private final int maxRequestTokens;
    private final int knowledgeReserve;
    private final String defaultSystemPrompt;
    private CompletableFuture<Encoding> loading;

    @Inject
    public PromptBudget(ResponderConfig config) {
        this(config.ai().maxRequestTokens(), config.ai().knowledgeReserveTokens(), config.ai().defaultSystemPrompt(),
                () -> CompletableFuture.supplyAsync(PromptBudget::loadVocabulary,
                        Infrastructure.getDefaultWorkerPool()));
    }

    PromptBudget(int maxRequestTokens, int knowledgeReserve, String defaultSystemPrompt) {
        this(maxRequestTokens, knowledgeReserve, defaultSystemPrompt,
                () -> CompletableFuture.completedFuture(loadVocabulary()));
    }

    PromptBudget(int maxRequestTokens, int knowledgeReserve, String defaultSystemPrompt,
            Supplier<CompletableFuture<Encoding>> loader) {
        this.maxRequestTokens = maxRequestTokens;
        this.knowledgeReserve = knowledgeReserve;
        this.defaultSystemPrompt = defaultSystemPrompt;
        this.loader = loader;
    }

    static Encoding loadVocabulary() {
        return Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    /** The vocabulary, loading from the first call on (a failed load is tried again by the next request). */
    private synchronized CompletableFuture<Encoding> vocabulary() {
        if (loading == null || loading.isCompletedExceptionally()) {
            loading = loader.get();
        }
        return loading;
    }

    /**
     * The request as it fits: at once when it fits by its bytes or the vocabulary is loaded; otherwise once the
     * vocabulary is, back on the caller's event-loop context.
     */
    public Uni<Fitted> fit(Optional<String> systemPrompt, List<UnifiedMessage> messages,
            List<ConversationTurn> history) {
        String instructions = systemPrompt.orElse(defaultSystemPrompt);
        if (fitsUncounted(instructions, messages, history)) {
            return Uni.createFrom().item(new Fitted(List.copyOf(messages), List.of(), List.copyOf(history)));
        }
        CompletableFuture<Encoding> counting = vocabulary();
        if (counting.isDone() && !counting.isCompletedExceptionally()) {
            return Uni.createFrom().item(() -> fitCounted(counting.join(), instructions, messages, history));
        }
        Context caller = Vertx.currentContext();
        Uni<Encoding> loaded = Uni.createFrom().completionStage(counting);
        if (caller != null) {
            loaded = loaded.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        }
        return loaded.map(encoding -> fitCounted(encoding, instructions, messages, history));
    }

    private Fitted fitCounted(Encoding vocabulary, String instructions, List<UnifiedMessage> messages,
            List<ConversationTurn> history) {
        int left = maxRequestTokens - knowledgeReserve - tokens(vocabulary, instructions);
        List<UnifiedMessage> kept = new ArrayList<>(messages.size());
        List<UnifiedMessage> oversized = new ArrayList<>();
        // Newest first: when the messages together do not fit, the latest ones are what the customer waits for.
        for (int i = messages.size() - 1; i >= 0; i--) {
            UnifiedMessage message = messages.get(i);
            int size = tokens(vocabulary, message.text());
            if (size > left) {
                oversized.add(0, message);
            } else {
                kept.add(0, message);
                left -= size;
            }
        }
        List<ConversationTurn> recent = new ArrayList<>(history.size());
        for (int i = history.size() - 1; i >= 0; i--) {
            int size = tokens(vocabulary, history.get(i).text());
            if (size > left) {
                break;
            }
            recent.add(history.get(i));
            left -= size;
        }
        Collections.reverse(recent);
        return new Fitted(List.copyOf(kept), List.copyOf(oversized), List.copyOf(recent));
    }

    /**
     * A token of o200k_base stands for at least one UTF-8 byte, so a request of no more bytes than the budget fits
     * whole, without counting: most requests, whose counting was 5 % of the responder's CPU per reply.
     */
    private boolean fitsUncounted(String instructions, List<UnifiedMessage> messages, List<ConversationTurn> history) {
        long bytes = utf8Bytes(instructions);
        for (UnifiedMessage message : messages) {
            bytes += utf8Bytes(message.text());
        }
        for (ConversationTurn turn : history) {
            bytes += utf8Bytes(turn.text());
        }
        return bytes <= maxRequestTokens - knowledgeReserve;
    }

    static long utf8Bytes(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // A surrogate pair is 4 bytes: 2 for each half.
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** Counts as the model will; waits for the vocabulary (tests, and code off the event loop). */
    int tokens(String text) {
        return tokens(vocabulary().join(), text);
    }

    private static int tokens(Encoding vocabulary, String text) {
        return text == null || text.isEmpty() ? 0 : vocabulary.countTokens(text);
    }
}
