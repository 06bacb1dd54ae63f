package io.socialsync.responder.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything responder-service can be told. */
@ConfigMapping(prefix = "socialsync")
public interface ResponderConfig {

    Claim claim();

    Ai ai();

    Reply reply();

    /** How this replica claims due batches. */
    interface Claim {

        /** How long a claimed batch is ours; a replica that dies leaves it to expire and be claimed again. */
        @WithDefault("60s")
        Duration lease();

        /**
         * Longest sleep between two looks at the deadlines when none is near. The loop otherwise sleeps exactly
         * until the earliest deadline, so a batch is claimed within milliseconds of becoming due.
         */
        @WithDefault("200ms")
        Duration maxIdle();

        /** Batches this replica answers at once; each waits on I/O (AI, Graph API), not on a thread. */
        @WithDefault("256")
        int concurrency();
    }

    /** The AI that writes replies. */
    interface Ai {

        /**
         * An OpenAI-compatible {@code /v1} base URL ({@code SOCIALSYNC_AI_BASE_URL}); unset = the offline provider,
         * which answers from the knowledge base by full-text search.
         */
        Optional<String> baseUrl();

        /** Bearer key for the endpoint ({@code SOCIALSYNC_AI_API_KEY}). */
        Optional<String> apiKey();

        /** Model name ({@code SOCIALSYNC_AI_MODEL}). */
        @WithDefault("gpt-4o-mini")
        String model();

        /** Sent when the knowledge base has nothing on the question (offline provider). */
        @WithDefault("Thanks for your message! A member of our team will get back to you shortly.")
        String fallbackReply();

        /** Knowledge passages retrieved per batch. */
        @WithDefault("3")
        int passages();

        /** Used for a tenant without a system prompt of its own. */
        @WithDefault("You are the friendly customer-service assistant of this business. Answer briefly, in the "
                + "customer's language, using only the business information provided. If it does not contain the "
                + "answer, say that a member of the team will follow up.")
        String defaultSystemPrompt();

        /** Longest wait for the endpoint's answer. */
        @WithDefault("25s")
        Duration timeout();

        /**
         * Below this self-reported confidence (0-1) an answer is treated as "cannot answer from the knowledge
         * base": it is still sent (it tells the customer a person will follow up), and the conversation is escalated.
         */
        @WithDefault("0.5")
        double minConfidence();

        /**
         * Ask for {@code response_format: json_object}. Turn off for an endpoint that rejects the field; the prompt
         * still asks for JSON.
         */
        @WithDefault("true")
        boolean jsonMode();

        /** Earlier messages of the conversation given to the model, newest last. */
        @WithDefault("10")
        int historyMessages();
    }

    /** One conversation's reply, from claim to sent. */
    interface Reply {

        /**
         * The whole time a conversation may take, AI generation and sending included. A generation that does not
         * finish in time leaves nothing half-sent; the batch counts as timed out and is retried.
         */
        @WithDefault("30s")
        Duration budget();

        /** Part of the budget kept for sending, so that a late generation cannot start a send it cannot finish. */
        @WithDefault("10s")
        Duration sendReserve();
    }
}
