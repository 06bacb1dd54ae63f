package io.socialsync.responder.knowledge;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.config.ResponderConfig;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Vectors for hybrid retrieval, when both halves exist: an embeddings endpoint
 * ({@code SOCIALSYNC_AI_EMBEDDINGS_BASE_URL}) and the {@code knowledge_chunks.embedding} column (created by the
 * migration only where pgvector is installed). Otherwise every method answers "no vector" and retrieval is full-text
 * only. An endpoint failure also answers "no vector": a document is still stored and found by its words.
 */
@ApplicationScoped
public class KnowledgeEmbeddings {

    private static final String COLUMN_EXISTS = """
            SELECT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = current_schema() AND table_name = 'knowledge_chunks'
                             AND column_name = 'embedding')""";

    private final Pool pool;
    private final Optional<EmbeddingsApi> api;
    private final String authorization;
    private final ResponderConfig.Knowledge.Embeddings config;
    private volatile Boolean columnPresent;

    public KnowledgeEmbeddings(Pool pool, ResponderConfig config) {
        this.pool = pool;
        this.config = config.knowledge().embeddings();
        this.api = this.config.baseUrl().filter(url -> !url.isBlank())
                .map(url -> QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                        .connectTimeout(5, TimeUnit.SECONDS)
                        .readTimeout(this.config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                        .build(EmbeddingsApi.class));
        this.authorization = this.config.apiKey().filter(key -> !key.isBlank()).map(key -> "Bearer " + key)
                .orElse(null);
    }

    /** True when retrieval should add vector similarity to full-text search. */
    public Uni<Boolean> enabled() {
        if (api.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        Boolean known = columnPresent;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return pool.query(COLUMN_EXISTS).execute().map(rows -> {
            boolean present = rows.iterator().next().getBoolean(0);
            if (!present) {
                Log.info("embeddings endpoint configured but no pgvector column: full-text retrieval only");
            }
            columnPresent = present;
            return present;
        });
    }

    /** pgvector literals ({@code [0.1,0.2,…]}) for the passages, in order; empty when hybrid retrieval is off. */
    public Uni<Optional<List<String>>> embedPassages(List<String> passages) {
        if (passages.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return enabled().chain(on -> on ? embed(passages) : Uni.createFrom().item(Optional.empty()));
    }

    /** The question's vector literal; empty when hybrid retrieval is off or the endpoint failed. */
    public Uni<Optional<String>> embedQuestion(String question) {
        return embedPassages(List.of(question)).map(vectors -> vectors.map(list -> list.get(0)));
    }

    public int candidates() {
        return config.candidates();
    }

    public int rrfK() {
        return config.rrfK();
    }

    /** Asks the endpoint whatever the column says (tests of the client alone); empty on any failure. */
    Uni<Optional<List<String>>> embed(List<String> texts) {
        return api.orElseThrow().embed(authorization, new EmbeddingsApi.Request(config.model(), texts))
                .ifNoItem().after(config.timeout()).fail()
                .map(response -> {
                    List<EmbeddingsApi.Item> items = new ArrayList<>(response.data());
                    if (items.size() != texts.size()) {
                        throw new IllegalStateException("the embeddings endpoint answered " + items.size()
                                + " vectors for " + texts.size() + " texts");
                    }
                    items.sort(Comparator.comparingInt(EmbeddingsApi.Item::index));
                    return Optional.of(items.stream().map(item -> literal(item.embedding())).toList());
                })
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("embeddings unavailable (%s): full-text retrieval only for this call",
                            failure.getClass().getSimpleName());
                    return Optional.empty();
                });
    }

    static String literal(List<Double> vector) {
        StringBuilder text = new StringBuilder(vector.size() * 10).append('[');
        for (int i = 0; i < vector.size(); i++) {
            text.append(i == 0 ? "" : ",").append(vector.get(i).floatValue());
        }
        return text.append(']').toString();
    }
}
