package io.socialsync.responder.handoff;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the platforms told about one conversation besides its messages (calls, call-permission replies, identity
 * changes, blocks, thread ownership, preferences: ingest's {@code conversation_events}), and the contact's state that
 * follows from them, for the person looking at the conversation.
 */
@ApplicationScoped
public class ConversationEvents {

    static final String CONVERSATION = """
            SELECT c.thread_owner, c.call_permission, k.platform_contact_id, k.wa_id, k.user_id, k.username,
                   k.marketing_opt_out_at, k.unreachable_at
            FROM conversations c JOIN contacts k ON k.id = c.contact_id
            WHERE c.id = $1 AND c.tenant_id = $2
            """;

    static final String EVENTS = """
            SELECT kind, attributes, occurred_at FROM conversation_events
            WHERE conversation_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2
            """;

    /** One event, newest first in a list. */
    public record Event(String kind, Map<String, Object> attributes, OffsetDateTime occurredAt) {
    }

    /**
     * The conversation's contact and events.
     *
     * @param threadOwner {@code us}, or {@code other} while another app owns the thread (Instagram handover)
     * @param callPermission the customer's last answer to a call-permission request ({@code accept} / {@code reject})
     * @param phoneNumber the customer's phone number, when the platform shows it
     * @param businessScopedUserId WhatsApp's BSUID of the customer
     * @param marketingOptOutAt since when the customer refuses marketing messages, or null
     * @param unreachableAt since when replies cannot reach the customer (blocked, left), or null
     */
    public record Timeline(String threadOwner, String callPermission, String customerId, String phoneNumber,
            String businessScopedUserId, String username, OffsetDateTime marketingOptOutAt,
            OffsetDateTime unreachableAt, List<Event> events) {
    }

    private final Pool pool;

    public ConversationEvents(Pool pool) {
        this.pool = pool;
    }

    /** Fails with 404 when the tenant has no such conversation. */
    public Uni<Timeline> of(UUID tenant, UUID conversation, int limit) {
        return pool.preparedQuery(CONVERSATION).execute(Tuple.of(conversation, tenant)).flatMap(rows -> {
            RowIterator<Row> found = rows.iterator();
            if (!found.hasNext()) {
                return Uni.createFrom().failure(new NotFoundException("no conversation " + conversation));
            }
            Row head = found.next();
            return pool.preparedQuery(EVENTS).execute(Tuple.of(conversation, limit)).map(events -> {
                List<Event> list = new ArrayList<>(events.size());
                for (Row event : events) {
                    Object attributes = event.getValue("attributes");
                    list.add(new Event(event.getString("kind"),
                            attributes instanceof JsonObject json ? json.getMap() : Map.of(),
                            event.getOffsetDateTime("occurred_at")));
                }
                return new Timeline(head.getString("thread_owner"), head.getString("call_permission"),
                        head.getString("platform_contact_id"), head.getString("wa_id"), head.getString("user_id"),
                        head.getString("username"), head.getOffsetDateTime("marketing_opt_out_at"),
                        head.getOffsetDateTime("unreachable_at"), List.copyOf(list));
            });
        });
    }
}
