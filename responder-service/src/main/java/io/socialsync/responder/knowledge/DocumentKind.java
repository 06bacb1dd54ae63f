package io.socialsync.responder.knowledge;

import java.util.Locale;

/** What a knowledge document is; stored lower case ({@code knowledge_documents.kind}). */
public enum DocumentKind {
    TEXT, MARKDOWN, FAQ;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DocumentKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
