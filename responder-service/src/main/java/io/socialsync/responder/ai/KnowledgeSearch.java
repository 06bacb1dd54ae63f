package io.socialsync.responder.ai;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.knowledge.KnowledgeEmbeddings;
import io.socialsync.responder.knowledge.RankFusion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Finds a tenant's knowledge passages for a question with PostgreSQL full-text search. The question's words are
 * OR-ed (a customer's question rarely shares every word with the answer) and passages ranked by cover density,
 * so the passage with most of the question's words, closest together, comes first. Where pgvector and an embeddings
 * endpoint exist, the passages nearest to the question's vector are fused with that ranking (reciprocal rank
 * fusion), so a question worded unlike the answer still finds it.
 */
@ApplicationScoped
public class KnowledgeSearch {

    private static final String SEARCH = """
            WITH question AS (
                SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS query
                FROM unnest(to_tsvector('english', $2))
            )
            SELECT c.id, c.content FROM knowledge_chunks c, question q
            WHERE c.tenant_id = $1 AND q.query IS NOT NULL AND c.search_vector @@ q.query
            ORDER BY ts_rank_cd(c.search_vector, q.query) DESC, c.position
            LIMIT $3
            """;
    /** Only run where the column exists (see {@link KnowledgeEmbeddings#enabled()}). */
    private static final String NEAREST = """
            SELECT c.id, c.content FROM knowledge_chunks c
            WHERE c.tenant_id = $1 AND c.embedding IS NOT NULL
            ORDER BY c.embedding <=> $2::vector, c.position
            LIMIT $3
            """;

    private final Pool pool;
    private final KnowledgeEmbeddings embeddings;

    public KnowledgeSearch(Pool pool, KnowledgeEmbeddings embeddings) {
        this.pool = pool;
        this.embeddings = embeddings;
    }

    /** The best passages, best first; empty when nothing matches. */
    public Uni<List<String>> passages(UUID tenantId, String question, int limit) {
        return embeddings.embedQuestion(question).chain(vector -> {
            if (vector.isEmpty()) {
                return ranked(SEARCH, Tuple.of(tenantId, question, limit))
                        .map(found -> List.copyOf(found.values()));
            }
            int candidates = Math.max(limit, embeddings.candidates());
            return ranked(SEARCH, Tuple.of(tenantId, question, candidates))
                    .chain(byWords -> ranked(NEAREST, Tuple.of(tenantId, vector.get(), candidates))
                            .map(byMeaning -> fuse(byWords, byMeaning, limit)));
        });
    }

    private List<String> fuse(Map<UUID, String> byWords, Map<UUID, String> byMeaning, int limit) {
        Map<UUID, String> contents = new HashMap<>(byMeaning);
        contents.putAll(byWords);
        return RankFusion.fuse(List.of(List.copyOf(byWords.keySet()), List.copyOf(byMeaning.keySet())),
                embeddings.rrfK(), limit).stream().map(contents::get).toList();
    }

    /** Passages by id, in rank order. */
    private Uni<Map<UUID, String>> ranked(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).map(KnowledgeSearch::inOrder);
    }

    private static Map<UUID, String> inOrder(RowSet<Row> rows) {
        Map<UUID, String> passages = new LinkedHashMap<>();
        for (Row row : rows) {
            passages.put(row.getUUID("id"), row.getString("content"));
        }
        return passages;
    }
}
