package io.socialsync.responder.console;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.media.MediaLinks;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One conversation as the console shows it: who the customer is, the AI's state, why it waits for a person, and the
 * thread with the author of each message and its delivery status. Scoped by tenant like the admin API: another
 * tenant's conversation does not exist here (404).
 */
@ApplicationScoped
public class ConsoleConversations {

    private static final String HEAD = """
            SELECT c.id, a.platform, a.platform_account_id, ct.platform_contact_id, ct.display_name, c.ai_enabled,
                   c.ai_paused_until, c.status, e.reason, e.created_at AS waiting_since,
                   (SELECT max(m.sent_at) FROM messages m
                    WHERE m.conversation_id = c.id AND m.direction = 'inbound') AS last_inbound_at
            FROM conversations c
            JOIN social_accounts a ON a.id = c.account_id
            JOIN contacts ct ON ct.id = c.contact_id
            LEFT JOIN LATERAL (
                SELECT reason, created_at FROM escalations
                WHERE conversation_id = c.id AND resolved_at IS NULL ORDER BY created_at DESC LIMIT 1
            ) e ON true
            WHERE c.id = $1 AND c.tenant_id = $2
            """;

    /** The newest messages, with the stored media object of an inbound photo, voice note or document. */
    private static final String THREAD = """
            SELECT m.id, m.direction, m.type, m.text, m.status, m.status_detail, m.sent_at, f.object_id,
                   f.transcript, m.media_mime_type
            FROM messages m
            JOIN conversations c ON c.id = m.conversation_id
            LEFT JOIN media_fetches f ON f.message_id = m.id AND f.status = 'ready'
            WHERE m.conversation_id = $1 AND c.tenant_id = $2
            ORDER BY m.sent_at DESC, m.part DESC LIMIT $3
            """;

    private static final String PAUSE = """
            UPDATE conversations SET ai_paused_until = now() + make_interval(secs => $3), updated_at = now()
            WHERE id = $1 AND tenant_id = $2
            """;

    private static final String FINGERPRINT = """
            SELECT c.status || '/' || c.ai_enabled || '/' || COALESCE(c.ai_paused_until::text, '') || '/'
                   || c.updated_at::text || '/' || COALESCE(max(m.updated_at)::text, '') || '/' || count(m.id)
            FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id
            WHERE c.id = $1 AND c.tenant_id = $2
            GROUP BY c.id
            """;

    /** Who wrote a message, as the person sees it. */
    @TemplateData
    public enum Author {
        CUSTOMER, AI, PERSON;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String labelKey() {
            return "author_" + key();
        }
    }

    @TemplateData
    public record Head(UUID id, String platform, String accountId, String customerId, String customerName,
            boolean aiEnabled, OffsetDateTime aiPausedUntil, String status, String reason,
            OffsetDateTime waitingSince, OffsetDateTime lastInboundAt) {

        /**
         * The 24-hour customer-service window of WhatsApp and Instagram has closed: a person's reply goes out as the
         * account's template (WhatsApp) or tagged as a person's (Instagram, for 7 days), else it is refused.
         */
        public boolean windowClosed() {
            return !"telegram".equals(platform) && lastInboundAt != null
                    && lastInboundAt.isBefore(OffsetDateTime.now().minusHours(24));
        }

        public boolean waiting() {
            return "waiting_for_human".equals(status);
        }

        public boolean aiPaused() {
            return aiPausedUntil != null && aiPausedUntil.isAfter(OffsetDateTime.now());
        }

        public String customer() {
            return customerName == null || customerName.isBlank() ? customerId : customerName;
        }

        public String reasonKey() {
            return ConsoleLabels.reason(reason);
        }

        public String pausedUntil() {
            return ConsoleFormat.time(aiPausedUntil);
        }

        public String waitingAt() {
            return ConsoleFormat.time(waitingSince);
        }
    }

    /**
     * One message of the thread, oldest first.
     *
     * @param mediaUrl a signed link to the stored photo, voice note or document; null when there is none
     */
    @TemplateData
    public record ThreadMessage(UUID id, Author author, String type, String text, String status, String statusDetail,
            OffsetDateTime sentAt, String mediaUrl, String mediaMimeType, String transcript) {

        public String statusKey() {
            return ConsoleLabels.status(status);
        }

        public String at() {
            return ConsoleFormat.time(sentAt);
        }

        public boolean image() {
            return mediaUrl != null && mediaMimeType != null && mediaMimeType.startsWith("image/");
        }

        public boolean audio() {
            return mediaUrl != null && mediaMimeType != null && mediaMimeType.startsWith("audio/");
        }
    }

    private final Pool pool;
    private final MediaLinks mediaLinks;

    public ConsoleConversations(Pool pool, MediaLinks mediaLinks) {
        this.pool = pool;
        this.mediaLinks = mediaLinks;
    }

    /** Fails with 404 when the tenant has no such conversation. */
    public Uni<Head> head(UUID tenant, UUID conversation) {
        return pool.preparedQuery(HEAD).execute(Tuple.of(conversation, tenant)).map(rows -> {
            RowIterator<Row> found = rows.iterator();
            if (!found.hasNext()) {
                throw new NotFoundException("no conversation " + conversation);
            }
            Row row = found.next();
            return new Head(row.getUUID("id"), row.getString("platform"), row.getString("platform_account_id"),
                    row.getString("platform_contact_id"), row.getString("display_name"), row.getBoolean("ai_enabled"),
                    row.getOffsetDateTime("ai_paused_until"), row.getString("status"), row.getString("reason"),
                    row.getOffsetDateTime("waiting_since"), row.getOffsetDateTime("last_inbound_at"));
        });
    }

    public Uni<List<ThreadMessage>> thread(UUID tenant, UUID conversation, int limit) {
        return pool.preparedQuery(THREAD).execute(Tuple.of(conversation, tenant, limit)).map(rows -> {
            List<ThreadMessage> thread = new ArrayList<>(rows.size());
            for (Row row : rows) {
                UUID object = row.getUUID("object_id");
                thread.add(0, new ThreadMessage(row.getUUID("id"), author(row.getString("direction"),
                        row.getString("status_detail")), row.getString("type"), row.getString("text"),
                        row.getString("status"), row.getString("status_detail"), row.getOffsetDateTime("sent_at"),
                        object == null ? null : mediaLinks.signedUrl(object), row.getString("media_mime_type"),
                        row.getString("transcript")));
            }
            return thread;
        });
    }

    /**
     * A person's reply is recorded with {@code status_detail} {@code operator} (console, admin API) or {@code human}
     * (written in the platform's app, from its echo); every other outbound message is the AI's.
     */
    static Author author(String direction, String statusDetail) {
        if ("inbound".equals(direction)) {
            return Author.CUSTOMER;
        }
        boolean person = statusDetail != null
                && (statusDetail.startsWith("operator") || statusDetail.startsWith("human"));
        return person ? Author.PERSON : Author.AI;
    }

    /** Keeps the AI quiet on the conversation for {@code duration}; 404 when the tenant has no such conversation. */
    public Uni<Void> pauseAi(UUID tenant, UUID conversation, Duration duration) {
        return pool.preparedQuery(PAUSE).execute(Tuple.of(conversation, tenant, duration.toSeconds()))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new NotFoundException("no conversation " + conversation);
                    }
                    return null;
                });
    }

    /** Changes whenever the conversation's page would show something new. */
    public Uni<String> fingerprint(UUID tenant, UUID conversation) {
        return pool.preparedQuery(FINGERPRINT).execute(Tuple.of(conversation, tenant)).map(rows -> {
            RowIterator<Row> found = rows.iterator();
            return found.hasNext() ? found.next().getString(0) : "";
        });
    }
}
