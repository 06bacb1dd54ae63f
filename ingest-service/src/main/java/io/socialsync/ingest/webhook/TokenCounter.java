package io.socialsync.ingest.webhook;

import jakarta.enterprise.context.ApplicationScoped;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import io.quarkus.runtime.Startup;

/**
 * Counts tokens as the model will (o200k_base, the encoding behind the seed's o200k_harmony). Built at start: loading
 * the vocabulary takes seconds, which the first delivery must not spend on an event loop.
 */
@Startup
@ApplicationScoped
public class TokenCounter {

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokens(text);
    }
}
