package io.socialsync.responder.knowledge;

/**
 * One retrievable passage of a document. {@code heading} is the trail of Markdown headings above it ("Shipping ›
 * Europe"), or null; it is stored at the head of the passage so that search and the AI see which section it is from.
 */
public record Chunk(int position, String heading, String body) {

    /** What is stored in {@code knowledge_chunks.content}. */
    public String content() {
        return heading == null ? body : heading + "\n\n" + body;
    }
}
