package io.socialsync.responder.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

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

        PromptBudget.Fitted fitted = budget.fit(Optional.empty(), List.of(message("When do you open?")), history);

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

        PromptBudget.Fitted fitted = budget.fit(Optional.of("Answer in French."), List.of(huge, small), List.of());

        assertEquals(List.of(small), fitted.messages());
        assertEquals(List.of(huge), fitted.oversized());
    }

    private static UnifiedMessage message(String text) {
        return new UnifiedMessage(UUID.randomUUID(), Platform.WHATSAPP, "pn", "4915100000000", "wamid." + UUID
                .randomUUID(), UnifiedMessageType.TEXT, text, null, null, 0, Instant.now(), true);
    }
}
