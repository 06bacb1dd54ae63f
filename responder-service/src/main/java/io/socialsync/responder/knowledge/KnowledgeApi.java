package io.socialsync.responder.knowledge;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies of the knowledge admin API. */
public final class KnowledgeApi {

    /** Longest document accepted in one request (about 60 pages of text). */
    public static final int MAX_CONTENT = 200_000;
    public static final int MAX_TITLE = 200;
    public static final int MAX_QUESTION = 500;
    /** An FAQ answer stays one passage, so it is kept short enough to be read in full by the AI. */
    public static final int MAX_ANSWER = 2_000;

    private KnowledgeApi() {
    }

    @Schema(description = "A plain-text or Markdown document; it is cut into passages of about 1000 characters")
    public record NewDocument(
            @Schema(examples = "Shipping and returns") @NotBlank @Size(max = MAX_TITLE) String title,
            @Schema(enumeration = {
                    "text",
                    "markdown"}) @NotNull @Pattern(regexp = "text|markdown", message = "must be text or markdown") String kind,
            @NotBlank @Size(max = MAX_CONTENT) String content){
    }

    @Schema(description = "A question and its answer, stored as one passage")
    public record NewFaq(
            @Schema(examples = "Do you ship abroad?") @NotBlank @Size(max = MAX_QUESTION) String question,
            @Schema(examples = "Yes, to every EU country.") @NotBlank @Size(max = MAX_ANSWER) String answer) {
    }

    public record DocumentSummary(UUID id, String title, String kind, int chunks, OffsetDateTime createdAt) {
    }

    public record ChunkView(int position, String content) {
    }

    public record DocumentDetail(UUID id, String title, String kind, String content, OffsetDateTime createdAt,
            List<ChunkView> chunks) {
    }

    @Schema(description = "One page of documents, newest first")
    public record DocumentPage(List<DocumentSummary> items, int page, int size, long total) {
    }
}
