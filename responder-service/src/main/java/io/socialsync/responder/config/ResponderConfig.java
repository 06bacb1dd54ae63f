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

    Admin admin();

    Knowledge knowledge();

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
    }
}
