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

    Gating gating();

    /** What a customer is told about a message the plan does not let through to the AI. */
    interface Gating {

        /**
         * Sent once per batch that holds a media type outside the tenant's plan, a text over the token limit or a
         * message type we cannot read ({@code SOCIALSYNC_GATING_NOTICE}).
         */
        @WithDefault("Thanks for your message! Unfortunately I can't handle this kind of message here (or one this "
                + "long). Could you send your question as a short text?")
        String notice();
    }

    Reconciler reconciler();

    Admin admin();

    Send send();

    Knowledge knowledge();

    Store store();

    /** Who may use the endpoints under {@code /admin}. */
    interface Admin {

        /**
         * The operator key ({@code SOCIALSYNC_ADMIN_API_KEY}), sent as {@code Authorization: Bearer <key>} or
         * {@code X-Api-Key}: it grants the {@code operator} role (tenant API keys, dead letters), never a tenant's
         * data. Unset = no operator can sign in.
         */
        Optional<String> apiKey();

        /**
         * The claim of an OIDC access token that names the tenant (its slug), used when {@code quarkus-oidc} is
         * enabled ({@code SOCIALSYNC_ADMIN_OIDC_TENANT_CLAIM}).
         */
        @WithDefault("tenant")
        String oidcTenantClaim();
    }

    /** How documents become retrievable passages. */
    interface Knowledge {

        /** Longest chunk, in characters, its heading included. */
        @WithDefault("1000")
        int chunkSize();

        /** Characters of a chunk's end repeated at the start of the next, so no fact is cut in two. */
        @WithDefault("150")
        int chunkOverlap();

        Embeddings embeddings();

        /** Reciprocal rank fusion of full-text and vector results (only with pgvector and an embeddings endpoint). */
        interface Embeddings {

            /**
             * An OpenAI-compatible {@code /v1} base URL serving {@code /embeddings}
             * ({@code SOCIALSYNC_AI_EMBEDDINGS_BASE_URL}); unset = full-text retrieval only.
             */
            Optional<String> baseUrl();

            /** Bearer key for the endpoint ({@code SOCIALSYNC_AI_EMBEDDINGS_API_KEY}). */
            Optional<String> apiKey();

            /** Embeddings model ({@code SOCIALSYNC_AI_EMBEDDINGS_MODEL}). */
            @WithDefault("text-embedding-3-small")
            String model();

            /** Candidates taken from each ranking before they are fused. */
            @WithDefault("20")
            int candidates();

            /** The k of reciprocal rank fusion: larger flattens the advantage of the very first ranks. */
            @WithDefault("60")
            int rrfK();

            /** Longest wait for an embeddings answer. */
            @WithDefault("10s")
            Duration timeout();
        }
    }

    /** How this replica claims due batches. */
    interface Claim {

        /** Whether this replica claims batches at all (off only for tests of the scripts themselves). */
        @WithDefault("true")
        boolean enabled();

        /** How long a claimed batch is ours; a replica that dies leaves it to expire and be claimed again. */
        @WithDefault("60s")
        Duration lease();

        /**
         * Longest sleep between two looks at the deadlines when none is near. The loop otherwise sleeps exactly
         * until the earliest deadline, so a batch is claimed within milliseconds of becoming due.
         */
        @WithDefault("200ms")
        Duration maxIdle();

        /**
         * Batches this replica answers at once, most of them waiting for the model; none holds a thread. A slow
         * model (5 s a call) at 200 conversations a second keeps 1 000 calls in flight: below that, due batches wait.
         */
        @WithDefault("2048")
        int concurrency();

        /**
         * Of those, most batches at once that are not waiting for the model (reading, writing, sending). Past it due
         * batches wait in Redis, claimable by any replica, instead of slowing down every batch this one works on:
         * with 2 048 working at once a saturated replica answered 10 % fewer a second, each 50 % later.
         */
        @WithDefault("256")
        int maxWorking();

        /** Attempts (failures and expired leases) before a batch goes to the dead letter {@code socialsync:dead}. */
        @WithDefault("3")
        int maxAttempts();

        /** Wait before a failed batch is tried again. */
        @WithDefault("5s")
        Duration retryBackoff();

        /** How often this replica looks for expired leases in {@code conv:inflight}. */
        @WithDefault("1s")
        Duration sweepInterval();

        /**
         * On shutdown, batches in flight get this long to finish; the rest are handed back to {@code conv:deadlines}
         * for another replica. Keep it below the pod's termination grace period.
         */
        @WithDefault("20s")
        Duration shutdownGrace();

        /** How long a batch's keys (and a superseded batch's messages) live in Redis, like the batcher's windows. */
        @WithDefault("30m")
        Duration ttl();
    }

    /**
     * Re-enqueues stored inbound messages that Redis no longer knows (DESIGN §3: PostgreSQL is the system of record).
     * One replica at a time runs it, through a lock in Redis.
     */
    interface Reconciler {

        @WithDefault("true")
        boolean enabled();

        /** How often one replica looks. */
        @WithDefault("30s")
        Duration interval();

        /** A message younger than this is left alone: it is normally still on its way through stream and window. */
        @WithDefault("2m")
        Duration grace();

        /** Older messages are not brought back: the platforms' reply window (WhatsApp 24 h) has closed. */
        @WithDefault("24h")
        Duration horizon();

        /** Messages looked at per run. */
        @WithDefault("1000")
        int batchSize();

        /**
         * Messages held for an inactive account are answered when it is active again, unless they are older than
         * this: then a person sees them instead (an answer days late helps nobody).
         */
        @WithDefault("24h")
        Duration heldMaxAge();

        /**
         * A message still {@code replying} this long after its reply was recorded, with no batch in Redis, was being
         * answered when Redis lost its data: its batch is restored under its own id.
         */
        @WithDefault("5m")
        Duration replyingGrace();
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

        /**
         * Most tokens (o200k_base) one AI request may carry: instructions, the customer's messages and history. The
         * oldest history goes first; a single message larger than the budget is never sent to the model.
         */
        @WithDefault("8000")
        int maxRequestTokens();

        /** Tokens kept free of the budget for the knowledge passages retrieved for the request. */
        @WithDefault("1500")
        int knowledgeReserveTokens();
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

        /**
         * How long this replica keeps an account's credentials and state after reading them. Every change of the
         * account row evicts it at once (PostgreSQL {@code NOTIFY socialsync_cache}); the time bounds what a notice
         * lost while reconnecting leaves stale. Zero reads the row for every batch.
         */
        @WithDefault("60s")
        Duration accountCacheTtl();
    }

    /**
     * How replies are confirmed on every platform. Each platform's own sending settings are its adapter's mapping
     * ({@code platform/<name>/…SendConfig}); the retry policy is on the client beans (see README).
     */
    interface Send {

        /**
         * How long a part whose outcome is unknown (timeout, reset, 5xx) waits for the platform's own report (status
         * webhook, echo) before it is sent again with the same text, once.
         */
        @WithDefault("60s")
        Duration confirmWait();

        /** How often a reply waiting for a confirmation looks again, within {@code confirm-wait}. */
        @WithDefault("5s")
        Duration confirmPoll();
    }

    /** How concurrent replies share their PostgreSQL writes (reactive-support's {@code SharedCommits}). */
    interface Store {

        /**
         * Transactions of reply writes (charge and record, part sent) committing at once. Writes that arrive while all
         * are busy go together in the next one: one commit, and one lock of the tenant's balance, per group.
         */
        @WithDefault("1")
        int maxInFlight();

        /** Most writes one transaction carries. */
        @WithDefault("256")
        int maxBatch();
    }
}
