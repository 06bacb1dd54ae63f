package io.socialsync.responder.knowledge;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.config.ResponderConfig;
import io.socialsync.responder.knowledge.KnowledgeApi.ChunkView;
import io.socialsync.responder.knowledge.KnowledgeApi.DocumentDetail;
import io.socialsync.responder.knowledge.KnowledgeApi.DocumentPage;
import io.socialsync.responder.knowledge.KnowledgeApi.DocumentSummary;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A tenant's knowledge documents. Every statement is scoped by the tenant id as well as the document id, so a
 * document of another tenant is indistinguishable from one that does not exist.
 */
@ApplicationScoped
public class KnowledgeDocuments {

    private static final String INSERT_DOCUMENT = """
            INSERT INTO knowledge_documents (tenant_id, title, kind, content) VALUES ($1, $2, $3, $4)
            RETURNING id, created_at""";
    private static final String INSERT_CHUNK = """
            INSERT INTO knowledge_chunks (document_id, tenant_id, position, content) VALUES ($1, $2, $3, $4)""";
    private static final String INSERT_CHUNK_WITH_EMBEDDING = """
            INSERT INTO knowledge_chunks (document_id, tenant_id, position, content, embedding)
            VALUES ($1, $2, $3, $4, $5::vector)""";
    private static final String PAGE = """
            SELECT d.id, d.title, d.kind, d.created_at,
                   (SELECT count(*) FROM knowledge_chunks c WHERE c.document_id = d.id) AS chunks
            FROM knowledge_documents d WHERE d.tenant_id = $1
            ORDER BY d.created_at DESC, d.id LIMIT $2 OFFSET $3""";
    private static final String COUNT = "SELECT count(*) FROM knowledge_documents WHERE tenant_id = $1";
    private static final String DOCUMENT = """
            SELECT id, title, kind, content, created_at FROM knowledge_documents WHERE id = $1 AND tenant_id = $2""";
    private static final String CHUNKS = """
            SELECT position, content FROM knowledge_chunks WHERE document_id = $1 AND tenant_id = $2
            ORDER BY position""";
    private static final String DELETE = "DELETE FROM knowledge_documents WHERE id = $1 AND tenant_id = $2";

    private final Pool pool;
    private final Chunker chunker;
    private final KnowledgeEmbeddings embeddings;

    public KnowledgeDocuments(Pool pool, ResponderConfig config, KnowledgeEmbeddings embeddings) {
        this.pool = pool;
        this.chunker = new Chunker(config.knowledge().chunkSize(), config.knowledge().chunkOverlap());
        this.embeddings = embeddings;
    }

    public Uni<DocumentDetail> addDocument(UUID tenantId, String title, DocumentKind kind, String content) {
        return store(tenantId, title, kind, content, chunker.chunk(kind, content));
    }

    public Uni<DocumentDetail> addFaq(UUID tenantId, String question, String answer) {
        Chunk chunk = Chunker.faq(question, answer);
        return store(tenantId, question.strip(), DocumentKind.FAQ, chunk.body(), List.of(chunk));
    }

    /**
     * The document and its passages in one transaction: a reader sees all of them or none. Embeddings (when
     * configured) are fetched first, outside the transaction, so no connection is held while the endpoint thinks.
     */
    private Uni<DocumentDetail> store(UUID tenantId, String title, DocumentKind kind, String content,
            List<Chunk> chunks) {
        List<String> texts = chunks.stream().map(Chunk::content).toList();
        return embeddings.embedPassages(texts).chain(vectors -> pool.withTransaction(connection -> connection
                .preparedQuery(INSERT_DOCUMENT).execute(Tuple.of(tenantId, title, kind.wire(), content))
                .chain(rows -> {
                    Row document = rows.iterator().next();
                    UUID id = document.getUUID("id");
                    List<Tuple> batch = new ArrayList<>(chunks.size());
                    for (int i = 0; i < chunks.size(); i++) {
                        Tuple tuple = Tuple.of(id, tenantId, i, texts.get(i));
                        int index = i;
                        vectors.ifPresent(literals -> tuple.addValue(literals.get(index)));
                        batch.add(tuple);
                    }
                    String insert = vectors.isPresent() ? INSERT_CHUNK_WITH_EMBEDDING : INSERT_CHUNK;
                    return connection.preparedQuery(insert).executeBatch(batch)
                            .map(ignored -> detail(id, title, kind, content, document.getOffsetDateTime("created_at"),
                                    texts));
                })));
    }

    public Uni<DocumentPage> page(UUID tenantId, int page, int size) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(tenantId)).map(rows -> rows.iterator().next().getLong(0))
                .chain(total -> pool.preparedQuery(PAGE).execute(Tuple.of(tenantId, size, (long) page * size))
                        .map(rows -> {
                            List<DocumentSummary> items = new ArrayList<>(rows.size());
                            rows.forEach(row -> items.add(new DocumentSummary(row.getUUID("id"),
                                    row.getString("title"), row.getString("kind"), row.getLong("chunks").intValue(),
                                    row.getOffsetDateTime("created_at"))));
                            return new DocumentPage(items, page, size, total);
                        }));
    }

    public Uni<Optional<DocumentDetail>> find(UUID tenantId, UUID documentId) {
        return pool.preparedQuery(DOCUMENT).execute(Tuple.of(documentId, tenantId)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(Optional.<DocumentDetail>empty());
            }
            Row row = rows.iterator().next();
            return pool.preparedQuery(CHUNKS).execute(Tuple.of(documentId, tenantId)).map(chunkRows -> {
                List<String> chunks = new ArrayList<>(chunkRows.size());
                chunkRows.forEach(chunk -> chunks.add(chunk.getString("content")));
                return Optional.of(detail(documentId, row.getString("title"),
                        DocumentKind.fromWire(row.getString("kind")), row.getString("content"),
                        row.getOffsetDateTime("created_at"), chunks));
            });
        });
    }

    /** Deletes the document and (by cascade) its passages; false when this tenant has no such document. */
    public Uni<Boolean> delete(UUID tenantId, UUID documentId) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(documentId, tenantId)).map(rows -> rows.rowCount() == 1);
    }

    private static DocumentDetail detail(UUID id, String title, DocumentKind kind, String content,
            OffsetDateTime createdAt, List<String> chunks) {
        List<ChunkView> views = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            views.add(new ChunkView(i, chunks.get(i)));
        }
        return new DocumentDetail(id, title, kind.wire(), content, createdAt, views);
    }
}
