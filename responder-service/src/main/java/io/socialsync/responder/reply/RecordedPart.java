package io.socialsync.responder.reply;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * One part of a reply as PostgreSQL records it, before and after its send.
 *
 * @param id our id of the part; the tag the platform hands back in its report
 * @param status {@code queued} (no request yet), {@code sending} (request written, outcome unknown until confirmed),
 *        {@code sent}, {@code delivered}, {@code read} or {@code failed}
 * @param sendAttempts requests made for this part so far
 * @param lastSendAt when the last request started, if any
 * @param platformMessageId the platform's id of it once it was taken, else null
 * @param media the image or document this part sends (a person's reply), its text then the caption; empty for text
 */
public record RecordedPart(UUID id, int part, String text, String status, int sendAttempts,
        Optional<OffsetDateTime> lastSendAt, String platformMessageId, Optional<Media> media) {

    /** The stored object an outbound part sends ({@code messages.media_object_id}, {@code type}). */
    public record Media(String type, UUID objectId, String contentType, String filename) {
    }

    public static final String QUEUED = "queued";
    public static final String SENDING = "sending";
    public static final String FAILED = "failed";

    /** Whether the platform took it (sent, delivered or read). */
    public boolean confirmed() {
        return !QUEUED.equals(status) && !SENDING.equals(status) && !FAILED.equals(status);
    }

    @Override
    public String toString() {
        return "RecordedPart[id=" + id + ", part=" + part + ", status=" + status + ", attempts=" + sendAttempts + "]";
    }
}
