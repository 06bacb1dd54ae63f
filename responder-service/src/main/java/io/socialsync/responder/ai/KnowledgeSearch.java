package io.socialsync.responder.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Finds a tenant's knowledge passages for a question with PostgreSQL full-text search. The question's words are
 * OR-ed (a customer's question rarely shares every word with the answer) and passages ranked by cover density,
 * so the passage with most of the question's words, closest together, comes first.
 */
@ApplicationScoped
public class KnowledgeSearch {

    private static final String SEARCH = """
            WITH question AS (
                SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS query
                FROM unnest(to_tsvector('english', $2))
            )
            SELECT c.content FROM knowledge_chunks c, question q
            WHERE c.tenant_id = $1 AND q.query IS NOT NULL AND c.search_vector @@ q.query
            ORDER BY ts_rank_cd(c.search_vector, q.query) DESC, c.position
            LIMIT $3
            """;

    private final Pool pool;

    public KnowledgeSearch(Pool pool) {
        this.pool = pool;
    }

    /** The best passages, best first; empty when nothing matches. */
    public Uni<List<String>> passages(UUID tenantId, String question, int limit) {
        return pool.preparedQuery(SEARCH).execute(Tuple.of(tenantId, question, limit)).map(rows -> {
            List<String> passages = new ArrayList<>(rows.size());
            rows.forEach(row -> passages.add(row.getString("content")));
            return passages;
        });
    }
}
