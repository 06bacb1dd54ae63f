package io.socialsync.responder.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.knuddels.jtokkit.api.Encoding;

import io.smallrye.mutiny.Uni;

import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.ai.ConversationTurn;

/** The token budget of one AI request: the newest history is kept, and a message too large alone never goes out. */
class PromptBudgetTest {

    private final PromptBudget budget = new PromptBudget(300, 50, "Be brief.");

    @Test
    void theOldestHistoryIsTrimmedFirst() {
        List<ConversationTurn> history = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            history.add(
                    new ConversationTurn(ConversationTurn.Speaker.CUSTOMER, "turn " + i + " about our opening hours"));
        }

        PromptBudget.Fitted fitted = fit(budget, Optional.empty(), List.of(message("When do you open?")), history);

        assertTrue(fitted.history().size() < history.size(), "trimmed: " + fitted.history().size());
        assertTrue(fitted.history().size() > 0);
        assertEquals(history.get(history.size() - 1), fitted.history().get(fitted.history().size() - 1),
                "the newest turn is kept");
        assertEquals(history.subList(history.size() - fitted.history().size(), history.size()), fitted.history(),
                "a contiguous run of the most recent turns, in order");
        int used = budget.tokens("Be brief.") + budget.tokens("When do you open?")
                + fitted.history().stream().mapToInt(turn -> budget.tokens(turn.text())).sum();
        assertTrue(used <= 300 - 50, "within the budget less the knowledge reserve: " + used);
    }

    @Test
    void aMessageLargerThanTheBudgetAloneIsNeverSentToTheModel() {
        UnifiedMessage huge = message("word ".repeat(2_000));
        UnifiedMessage small = message("And your address?");

        PromptBudget.Fitted fitted = fit(budget, Optional.of("Answer in French."), List.of(huge, small), List.of());

        assertEquals(List.of(small), fitted.messages());
        assertEquals(List.of(huge), fitted.oversized());
    }

    @Test
    void aRequestCountedOnlyByItsBytesIsKeptWholeAndOneOverItsBytesIsCountedExactly() {
        List<ConversationTurn> history = List.of(new ConversationTurn(ConversationTurn.Speaker.CUSTOMER, "Hello"),
                new ConversationTurn(ConversationTurn.Speaker.BUSINESS, "Hi! How can I help?"));
        UnifiedMessage question = message("Do you ship to Lyon?");

        PromptBudget.Fitted small = fit(budget, Optional.empty(), List.of(question), history);
        assertEquals(List.of(question), small.messages());
        assertEquals(history, small.history());

        // More bytes than the budget (250) but far fewer tokens: the count, not the bytes, decides.
        String french = "Très bien, merci beaucoup pour votre réponse rapide et précise ! ".repeat(4);
        assertTrue(PromptBudget.utf8Bytes(french) > 250 && budget.tokens(french) < 200);
        PromptBudget.Fitted counted = fit(budget, Optional.empty(), List.of(message(french)), history);
        assertEquals(1, counted.messages().size(), "kept: it fits by its tokens");
        assertEquals(history, counted.history());
    }

    @Test
    void theVocabularyIsLoadedOnlyOnceARequestMustBeCounted() {
        AtomicInteger loads = new AtomicInteger();
        PromptBudget lazy = new PromptBudget(300, 50, "Be brief.", () -> {
            loads.incrementAndGet();
            return CompletableFuture.completedFuture(PromptBudget.loadVocabulary());
        });
        UnifiedMessage question = message("Do you ship to Lyon?");

        Uni<PromptBudget.Fitted> fitted = lazy.fit(Optional.empty(), List.of(question), List.of());
        assertEquals(List.of(question), fitted.await().atMost(Duration.ofSeconds(1)).messages());
        assertEquals(0, loads.get(), "fits by its bytes: nothing loaded");

        String french = "Très bien, merci beaucoup pour votre réponse rapide et précise ! ".repeat(4);
        fit(lazy, Optional.empty(), List.of(message(french)), List.of());
        fit(lazy, Optional.empty(), List.of(message(french)), List.of());
        assertEquals(1, loads.get(), "loaded for the first request that must be counted, and kept");
    }

    @Test
    void aRequestThatMustBeCountedWaitsForTheVocabularyAndIsCountedExactly() {
        CompletableFuture<Encoding> loading = new CompletableFuture<>();
        PromptBudget starting = new PromptBudget(300, 50, "Be brief.", () -> loading);
        String french = "Très bien, merci beaucoup pour votre réponse rapide et précise ! ".repeat(4);
        AtomicReference<PromptBudget.Fitted> fitted = new AtomicReference<>();

        starting.fit(Optional.empty(), List.of(message(french)), List.of()).subscribe().with(fitted::set);
        assertNull(fitted.get(), "more bytes than the budget: not fitted before the vocabulary is there");

        loading.complete(PromptBudget.loadVocabulary());
        assertNotNull(fitted.get());
        assertEquals(1, fitted.get().messages().size(), "kept: it fits by its tokens, not cut by its bytes");
        assertEquals(List.of(), fitted.get().oversized());
    }

    @Test
    void utf8BytesAreCountedAsTheWireCarriesThem() {
        for (String text : List.of("", "plain", "é", "日本語", "emoji 🙂 and more 👍🏽", "mixed: ça coûte 10 €")) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, PromptBudget.utf8Bytes(text),
                    text);
        }
    }

    private static PromptBudget.Fitted fit(PromptBudget budget, Optional<String> systemPrompt,
            List<UnifiedMessage> messages, List<ConversationTurn> history) {
        return budget.fit(systemPrompt, messages, history).await().atMost(Duration.ofSeconds(10));
    }

    private static UnifiedMessage message(String text) {
        return new UnifiedMessage(UUID.randomUUID(), Platform.WHATSAPP, "pn", "4915100000000", "wamid." + UUID
                .randomUUID(), UnifiedMessageType.TEXT, text, null, null, 0, Instant.now(), true);
    }
}
