package io.socialsync.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What ingest-service's pipeline can be told. Each platform's settings are its adapter's own mapping
 * ({@code platform/<name>/…Config}); the environment names are mapped onto the keys in {@code application.properties}.
 */
@ConfigMapping(prefix = "socialsync")
public interface IngestConfig {

    /** The tenant that bootstrap accounts from the environment belong to. */
    Bootstrap bootstrap();

    /** The inbound stream. */
    Stream stream();

    /** What the tenant's plan lets through to the AI. */
    Gating gating();

    /** The Redis caches of DESIGN §3. */
    Cache cache();

    /** How concurrent deliveries share PostgreSQL round trips. */
    Store store();

    /** How many deliveries are taken at once. */
    Webhook webhook();

    interface Webhook {

        /**
         * Deliveries being verified, stored and enqueued at once. One more is refused with 503 and
         * {@code Retry-After} (the platform delivers it again) instead of queuing until the heap runs out. Far above
         * what the ingest benchmark keeps in flight at its ceiling (256 connections).
         */
        @WithDefault("1024")
        int maxInFlight();
    }

    interface Bootstrap {

        /** Slug of the tenant that owns the bootstrap accounts. */
        @WithDefault("default")
        String tenant();

        /** Plan code given to that tenant when it is created ({@code SOCIALSYNC_DEFAULT_PLAN}). */
        @WithDefault("starter")
        String plan();
    }

    interface Stream {

        /**
         * Approximate length the inbound stream is trimmed to. Entries are consumed within seconds; PostgreSQL keeps
         * every message and the reconciler re-enqueues any that a trim or a Redis loss dropped.
         */
        @WithDefault("100000")
        long maxLength();
    }

    interface Gating {

        /**
         * Longest message, in o200k_base tokens, that goes to the AI. The plan's {@code max_message_tokens} may
         * lower it per tenant. A longer message is stored, not answered by the AI, and gets the notice.
         */
        @WithDefault("7000")
        int maxMessageTokens();
    }

    interface Cache {

        /** Lifetime of a cached account, profile or conversation (DESIGN §3). */
        @WithDefault("1h")
        Duration ttl();

        /**
         * How long this replica keeps its own copy of a cached account before asking Redis again. Evicted with the
         * Redis key on a notice; this short time bounds staleness if a notice is lost. 0 = no near copy.
         */
        @WithDefault("2s")
        Duration localTtl();

        /**
         * Conversations this replica keeps its own copy of (ids and display name, about 200 bytes each); the least
         * recently used go first. A copy is never stale in what it holds: the ids never change, and a new name is
         * noticed in the delivery.
         */
        @WithDefault("100000")
        long conversationsPerReplica();

        /**
         * Whether this replica LISTENs for the database's invalidation notices ({@code socialsync_cache}) and evicts
         * the keys they name.
         */
        @WithDefault("true")
        boolean listen();
    }

    interface Store {

        /**
         * Insert statements of each kind (new customers, known conversations) in flight at once. Messages that
         * arrive while all are busy are grouped into the next statement, so one commit serves many webhooks under
         * load and a lone webhook waits for nobody. Fewer, larger groups cost PostgreSQL less per message: on 2 cores
         * 4 statements at once cost it twice the CPU per message of 2, and 1 kept up with the single-row ceiling
         * where 2 fell behind (bench/README.md). The same bound holds for the pipelines of XADDs to the stream.
         */
        @WithDefault("1")
        int maxInFlight();

        /**
         * Most messages one statement stores; for the stream, most deliveries one XADD pipeline carries, since the
         * messages of a delivery go in one pipeline, in their order.
         */
        @WithDefault("256")
        int maxBatch();
    }
}
