package io.socialsync.responder.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import io.quarkus.runtime.Startup;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.ai.ConversationTurn;
import io.socialsync.responder.config.ResponderConfig;

/**
 * Fits an AI request into {@code socialsync.ai.max-request-tokens} (o200k_base, as counted at ingest): the
 * instructions and a reserve for the knowledge passages first, then the customer's new messages (one that does not fit
 * alone is never sent to the model), then as much history as is left, newest kept, oldest dropped. Built at start:
 * loading the vocabulary takes seconds, which the first reply must not spend on an event loop.
 */
@Startup
@ApplicationScoped
public class PromptBudget {

    /** What goes to the model, and the new messages that were too large for it. */
    public record Fitted(List<UnifiedMessage> messages, List<UnifiedMessage> oversized,
            List<ConversationTurn> history) {
    }

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private final int maxRequestTokens;
    private final int knowledgeReserve;
    private final String defaultSystemPrompt;

    @Inject
    public PromptBudget(ResponderConfig config) {
        this(config.ai().maxRequestTokens(), config.ai().knowledgeReserveTokens(), config.ai().defaultSystemPrompt());
    }

    PromptBudget(int maxRequestTokens, int knowledgeReserve, String defaultSystemPrompt) {
        this.maxRequestTokens = maxRequestTokens;
        this.knowledgeReserve = knowledgeReserve;
        this.defaultSystemPrompt = defaultSystemPrompt;
    }

    public Fitted fit(Optional<String> systemPrompt, List<UnifiedMessage> messages, List<ConversationTurn> history) {
        String instructions = systemPrompt.orElse(defaultSystemPrompt);
        if (fitsUncounted(instructions, messages, history)) {
            return new Fitted(List.copyOf(messages), List.of(), List.copyOf(history));
        }
        int left = maxRequestTokens - knowledgeReserve - tokens(instructions);
        List<UnifiedMessage> kept = new ArrayList<>(messages.size());
        List<UnifiedMessage> oversized = new ArrayList<>();
        // Newest first: when the messages together do not fit, the latest ones are what the customer waits for.
        for (int i = messages.size() - 1; i >= 0; i--) {
            UnifiedMessage message = messages.get(i);
            int size = tokens(message.text());
            if (size > left) {
                oversized.add(0, message);
            } else {
                kept.add(0, message);
                left -= size;
            }
        }
        List<ConversationTurn> recent = new ArrayList<>(history.size());
        for (int i = history.size() - 1; i >= 0; i--) {
            int size = tokens(history.get(i).text());
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

    int tokens(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokens(text);
    }
}
