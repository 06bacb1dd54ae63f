package io.socialsync.responder.console;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The console's inbox: a tenant's conversations, those waiting for a person first (longest waiting first, with the
 * reason), then the others by their last message; filtered by platform and account, searched by contact.
 */
@ApplicationScoped
public class ConsoleInbox {

    private static final String LIST = """
            SELECT c.id, a.platform, a.platform_account_id, ct.platform_contact_id, ct.display_name, c.ai_enabled,
                   c.ai_paused_until > now() AS ai_paused, c.status, c.last_message_at, e.reason,
                   e.created_at AS waiting_since, last.text AS last_text, last.direction AS last_direction
            FROM conversations c
            JOIN social_accounts a ON a.id = c.account_id
            JOIN contacts ct ON ct.id = c.contact_id
            LEFT JOIN LATERAL (
                SELECT reason, created_at FROM escalations
                WHERE conversation_id = c.id AND resolved_at IS NULL ORDER BY created_at DESC LIMIT 1
            ) e ON true
            LEFT JOIN LATERAL (
                SELECT m.text, m.direction FROM messages m WHERE m.conversation_id = c.id
                ORDER BY m.sent_at DESC, m.part DESC LIMIT 1
            ) last ON true
            WHERE c.tenant_id = $1
              AND ($2::text IS NULL OR a.platform = $2)
              AND ($3::text IS NULL OR a.platform_account_id = $3)
              AND ($4::text IS NULL OR ct.platform_contact_id ILIKE $4 ESCAPE '\\' OR ct.display_name ILIKE $4 ESCAPE '\\'
                   OR ct.username ILIKE $4 ESCAPE '\\')
            ORDER BY c.status = 'waiting_for_human' DESC,
                     CASE WHEN c.status = 'waiting_for_human' THEN COALESCE(e.created_at, c.updated_at) END,
                     c.last_message_at DESC NULLS LAST, c.id
            LIMIT $5
            """;

    private static final String ACCOUNTS = """
            SELECT platform, platform_account_id FROM social_accounts WHERE tenant_id = $1
            ORDER BY platform, platform_account_id
            """;

    /**
     * What changes when a customer writes, the AI answers or escalates, a person acts, or a status arrives: compared
     * between two polls of a live stream, never shown.
     */
    private static final String FINGERPRINT = """
            WITH recent AS (
                SELECT id, status, updated_at, last_message_at FROM conversations WHERE tenant_id = $1
                ORDER BY last_message_at DESC NULLS LAST LIMIT 100
            )
            SELECT (SELECT count(*) FROM conversations WHERE tenant_id = $1 AND status = 'waiting_for_human')
                   || '/' || COALESCE((SELECT max(updated_at)::text FROM conversations WHERE tenant_id = $1), '')
                   || '/' || COALESCE((SELECT max(last_message_at)::text FROM recent), '')
                   || '/' || COALESCE((SELECT max(m.updated_at)::text FROM messages m
                                       WHERE m.conversation_id IN (SELECT id FROM recent)), '')
            """;

    /** One line of the inbox. */
    @TemplateData
    public record InboxEntry(UUID id, String platform, String accountId, String customerId, String customerName,
            boolean aiEnabled, boolean aiPaused, String status, OffsetDateTime lastMessageAt, String reason,
            OffsetDateTime waitingSince, String lastText, String lastDirection) {

        public boolean waiting() {
            return "waiting_for_human".equals(status);
        }

        /** The customer as a person recognises them: their name, else the platform's id. */
        public String customer() {
            return customerName == null || customerName.isBlank() ? customerId : customerName;
        }

        public String lastAuthorKey() {
            return "inbound".equals(lastDirection) ? "author_customer" : "author_reply";
        }

        public String reasonKey() {
            return ConsoleLabels.reason(reason);
        }

        /** The start of the last message, for the list. */
        public String preview() {
            return lastText == null || lastText.length() <= 120 ? lastText : lastText.substring(0, 120) + "…";
        }

        public String lastAt() {
            return ConsoleFormat.time(lastMessageAt);
        }
    }

    /** A connected account, for the inbox's filter. */
    @TemplateData
    public record AccountOption(String platform, String accountId) {
    }

    /** The inbox's filters; null or blank means "any". */
    @TemplateData
    public record Filter(String platform, String accountId, String contact) {

        static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    private final Pool pool;

    public ConsoleInbox(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<InboxEntry>> list(UUID tenant, Filter filter, int limit) {
        String contact = Filter.blankToNull(filter.contact());
        Tuple arguments = Tuple.tuple().addValue(tenant).addValue(Filter.blankToNull(filter.platform()))
                .addValue(Filter.blankToNull(filter.accountId()))
                .addValue(contact == null ? null : "%" + likeEscaped(contact) + "%").addValue(limit);
        return pool.preparedQuery(LIST).execute(arguments).map(rows -> {
            List<InboxEntry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                entries.add(new InboxEntry(row.getUUID("id"), row.getString("platform"),
                        row.getString("platform_account_id"), row.getString("platform_contact_id"),
                        row.getString("display_name"), row.getBoolean("ai_enabled"),
                        Boolean.TRUE.equals(row.getBoolean("ai_paused")), row.getString("status"),
                        row.getOffsetDateTime("last_message_at"), row.getString("reason"),
                        row.getOffsetDateTime("waiting_since"), row.getString("last_text"),
                        row.getString("last_direction")));
            }
            return entries;
        });
    }

    public Uni<List<AccountOption>> accounts(UUID tenant) {
        return pool.preparedQuery(ACCOUNTS).execute(Tuple.of(tenant)).map(rows -> {
            List<AccountOption> accounts = new ArrayList<>(rows.size());
            for (Row row : rows) {
                accounts.add(new AccountOption(row.getString("platform"), row.getString("platform_account_id")));
            }
            return accounts;
        });
    }

    /** Changes whenever the inbox would show something new. */
    public Uni<String> fingerprint(UUID tenant) {
        return pool.preparedQuery(FINGERPRINT).execute(Tuple.of(tenant))
                .map(rows -> rows.iterator().next().getString(0));
    }

    /** The search text as a literal inside a LIKE pattern. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
