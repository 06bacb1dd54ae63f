package io.socialsync.ingest.webhook;

import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import io.quarkus.runtime.StartupEvent;

/**
 * Counts tokens as the model will (o200k_base, the encoding behind the seed's o200k_harmony). Reading the vocabulary
 * takes about a second of CPU, so it starts on a thread of its own as soon as the application context exists and
 * overlaps the rest of the start (migrations, connections); the start then waits for it ({@link StartupEvent}), so
 * the service reports ready, and counts deliveries, only with it loaded.
 */
@ApplicationScoped
public class TokenCounter {

    private final CompletableFuture<Encoding> vocabulary = new CompletableFuture<>();

    /** Not in the constructor: the bean's client proxy runs that one too. */
    @PostConstruct
    void load() {
        Thread loader = new Thread(() -> {
            try {
                vocabulary.complete(Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE));
            } catch (Throwable failure) {
                vocabulary.completeExceptionally(failure);
            }
        }, "token-vocabulary");
        loader.setDaemon(true);
        loader.start();
    }

    /** Creating this bean starts the load, early in the start. */
    void beginLoading(@Observes @Initialized(ApplicationScoped.class) Object context) {
    }

    /** The start ends only with the vocabulary loaded (a failure to read it fails the start). */
    void awaitLoaded(@Observes StartupEvent event) {
        vocabulary.join();
    }

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : vocabulary.join().countTokens(text);
    }
}
