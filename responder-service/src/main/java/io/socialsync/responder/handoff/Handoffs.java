package io.socialsync.responder.handoff;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.handoff.HandoffApi.ConversationMessage;
import io.socialsync.responder.handoff.HandoffApi.MessageMedia;
import io.socialsync.responder.handoff.HandoffApi.SentReply;
import io.socialsync.responder.handoff.HandoffApi.WaitingConversation;
import io.socialsync.responder.media.OutboundFiles;
import io.socialsync.responder.messaging.MessagingSettingsStore;
import io.socialsync.responder.messaging.ServiceWindows;
import io.socialsync.responder.platform.OutsideWindow;
import io.socialsync.responder.platform.PartDelivery;
import io.socialsync.responder.platform.ReplyChannel;
import io.socialsync.responder.platform.ReplyChannels;
import io.socialsync.responder.reply.AccountCredentials;
import io.socialsync.responder.reply.ConversationStore;
import io.socialsync.responder.reply.PartSender;
import io.socialsync.responder.reply.RecordedPart;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Human handoff: the queue of conversations waiting for a person, switching the AI off and on per conversation, and
 * a person's reply sent through the platform's channel and stored like any outbound message. Every statement is
 * scoped by tenant: a conversation of another tenant does not exist here.
 */
@ApplicationScoped
public class Handoffs {

    private static final String WAITING = """
            SELECT c.id, a.platform, ct.platform_contact_id, ct.display_name, c.ai_enabled, c.status,
                   c.last_message_at, e.reason, e.created_at AS waiting_since
            FROM conversations c
            JOIN social_accounts a ON a.id = c.account_id
            JOIN contacts ct ON ct.id = c.contact_id
            LEFT JOIN LATERAL (
                SELECT reason, created_at FROM escalations
                WHERE conversation_id = c.id AND resolved_at IS NULL ORDER BY created_at DESC LIMIT 1
            ) e ON true
            WHERE c.tenant_id = $1 AND c.status = 'waiting_for_human'
            ORDER BY COALESCE(e.created_at, c.updated_at)
            LIMIT $2 OFFSET $3
            """;

    private static final String ENABLE_AI = """
            WITH switched AS (
                UPDATE conversations SET ai_enabled = true, ai_paused_until = NULL, status = 'open', updated_at = now()
                WHERE id = $1 AND tenant_id = $2
                RETURNING id
            ), resolved AS (
                UPDATE escalations SET resolved_at = now()
                WHERE conversation_id IN (SELECT id FROM switched) AND resolved_at IS NULL
            )
            SELECT count(*) FROM switched
            """;

    private static final String DISABLE_AI = """
            WITH switched AS (
                UPDATE conversations SET ai_enabled = false, status = 'waiting_for_human', updated_at = now()
                WHERE id = $1 AND tenant_id = $2
                RETURNING id, tenant_id
            ), recorded AS (
                INSERT INTO escalations (tenant_id, conversation_id, reason)
                SELECT tenant_id, id, 'operator' FROM switched
                WHERE NOT EXISTS (SELECT 1 FROM escalations WHERE conversation_id = $1 AND resolved_at IS NULL)
            )
            SELECT count(*) FROM switched
            """;

    private static final String TARGET = """
            SELECT a.id AS account_id, a.tenant_id, a.platform, a.platform_account_id, a.access_token,
                   ct.platform_contact_id,
                   (SELECT max(m.sent_at) FROM messages m
                    WHERE m.conversation_id = c.id AND m.direction = 'inbound') AS last_inbound_at
            FROM conversations c
            JOIN social_accounts a ON a.id = c.account_id AND a.active
            JOIN contacts ct ON ct.id = c.contact_id
            WHERE c.id = $1 AND c.tenant_id = $2
            """;

    /**
     * The person's reply, recorded before it is sent (one row per part, keyed by the reply's id) like an AI reply:
     * a retry with the same idempotency key finds it and sends nothing twice. Part 0 carries the image or document, if
     * any, its text then the caption (or null).
     */
    private static final String RECORD_REPLY = """
            WITH part AS (
                SELECT text, (position - 1)::int AS part FROM unnest($4::text[]) WITH ORDINALITY AS p(text, position)
            )
            INSERT INTO messages (id, conversation_id, account_id, direction, type, text, status, status_detail,
                                  batch_id, part, sent_at, media_object_id, media_mime_type, media_filename)
            SELECT gen_random_uuid(), $1, $2, 'outbound', CASE WHEN part.part = 0 AND $6::uuid IS NOT NULL
                   THEN $5 ELSE 'text' END, part.text, 'queued', 'operator', $3, part.part,
                   now() + part.part * interval '1 microsecond',
                   CASE WHEN part.part = 0 THEN $6::uuid END, CASE WHEN part.part = 0 THEN $7 END,
                   CASE WHEN part.part = 0 THEN $8 END
            FROM part
            ON CONFLICT (batch_id, part) WHERE direction = 'outbound' AND batch_id IS NOT NULL DO NOTHING
            """;

    /**
     * Every part went out: the messages that waited for a person are answered, the person's open escalations are
     * resolved, and the AI keeps quiet on the conversation for the human pause.
     */
    private static final String REPLIED = """
            WITH answered AS (
                UPDATE messages SET status = 'answered', status_detail = 'operator', updated_at = now()
                WHERE conversation_id = $1 AND direction = 'inbound' AND status = 'awaiting_human'
            ), resolved AS (
                UPDATE escalations SET resolved_at = now() WHERE conversation_id = $1 AND resolved_at IS NULL
            )
            UPDATE conversations SET last_message_at = now(), status = 'open',
                   ai_paused_until = now() + make_interval(secs => $2), updated_at = now()
            WHERE id = $1
            """;

    /** With the media each message carries: a person's upload, or what the fetcher stored of a customer's. */
    private static final String MESSAGES = """
            SELECT m.direction, m.type, m.text, m.status, m.sent_at, o.id AS object_id, o.content_type,
                   m.media_filename
            FROM messages m
            JOIN conversations c ON c.id = m.conversation_id
            LEFT JOIN media_fetches f ON f.message_id = m.id
            LEFT JOIN media_objects o ON o.id = COALESCE(m.media_object_id, f.object_id)
            WHERE m.conversation_id = $1 AND c.tenant_id = $2
            ORDER BY m.sent_at DESC, m.part DESC LIMIT $3
            """;

    private final Pool pool;
    private final ReplyChannels channels;
    private final ConversationStore store;
    private final PartSender sender;
    private final ServiceWindows windows;
    private final MessagingSettingsStore messaging;
    private final OutboundFiles files;
    private final double humanPauseSeconds;

    public Handoffs(Pool pool, ReplyChannels channels, ConversationStore store, PartSender sender,
            ServiceWindows windows, MessagingSettingsStore messaging, OutboundFiles files, HandoffConfig config) {
        this.files = files;
        this.pool = pool;
        this.channels = channels;
        this.store = store;
        this.sender = sender;
        this.windows = windows;
        this.messaging = messaging;
        this.humanPauseSeconds = config.humanPause().toMillis() / 1000.0;
    }

    public Uni<List<WaitingConversation>> waiting(UUID tenant, int page, int size) {
        return pool.preparedQuery(WAITING).execute(Tuple.of(tenant, size, page * size)).map(rows -> {
            List<WaitingConversation> waiting = new ArrayList<>(rows.size());
            for (Row row : rows) {
                waiting.add(new WaitingConversation(row.getUUID("id"), row.getString("platform"),
                        row.getString("platform_contact_id"), row.getString("display_name"),
                        row.getBoolean("ai_enabled"), row.getString("status"), row.getString("reason"),
                        row.getOffsetDateTime("waiting_since"), row.getOffsetDateTime("last_message_at")));
            }
            return waiting;
        });
    }

    /** Fails with 404 when the tenant has no such conversation. */
    public Uni<Void> switchAi(UUID tenant, UUID conversation, boolean enabled) {
        return pool.preparedQuery(enabled ? ENABLE_AI : DISABLE_AI).execute(Tuple.of(conversation, tenant))
                .map(rows -> {
                    if (rows.iterator().next().getLong(0) == 0) {
                        throw new NotFoundException("no conversation " + conversation);
                    }
                    return null;
                });
    }

    /**
     * Sends a person's reply to the customer and stores it. Idempotent for one {@code idempotencyKey}: a retry after a
     * lost answer finds the recorded reply and sends only what is not confirmed yet. A platform refusal is the
     * person's to know: 409 for one that will not pass by retrying (e.g. the 24-hour window has closed), 503 for one
     * that may, 202 while a part's delivery is unconfirmed (retry with the same key later). After the customer-service
     * window (from the customer's newest message) it goes out as the platform allows then (WhatsApp: the account's
     * approved template; Instagram: tagged {@code HUMAN_AGENT} for 7 days), or is refused with 409.
     * <p>
     * With an {@code upload} the reply is that image or document, {@code text} its caption (may be null): checked and
     * stored first ({@link OutboundFiles}: 413, 415), then sent as the first part. WhatsApp's template after the window
     * carries none: 409 before anything is stored.
     */
    public Uni<SentReply> reply(UUID tenant, UUID conversation, String text,
            Optional<OutboundFiles.Upload> upload, Optional<String> idempotencyKey) {
        return pool.preparedQuery(TARGET).execute(Tuple.of(conversation, tenant)).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().failure(new NotFoundException("no conversation " + conversation));
            }
            Row row = rows.iterator().next();
            Platform platform = Platform.fromWire(row.getString("platform"));
            ReplyChannel channel = channels.of(platform).orElseThrow(
                    () -> new ServiceUnavailableException("no reply channel for " + platform.wire()));
            AccountCredentials account = new AccountCredentials(row.getUUID("account_id"), row.getUUID("tenant_id"),
                    row.getString("platform_account_id"), row.getString("access_token"));
            UUID replyId = idempotencyKey
                    .map(key -> UUID.nameUUIDFromBytes((conversation + ":" + key).getBytes(StandardCharsets.UTF_8)))
                    .orElseGet(UUID::randomUUID);
            return delivery(channel, account, Optional.ofNullable(row.getOffsetDateTime("last_inbound_at")))
                    .flatMap(delivery -> {
                        if (upload.isPresent() && !delivery.sendsMedia()) {
                            // Checked before anything is stored: nothing to clean up after a refusal.
                            throw new ClientErrorException("The customer's last message is more than 24 hours old: "
                                    + "WhatsApp takes only an approved template now, and a template carries no "
                                    + "image or document here.", Response.Status.CONFLICT);
                        }
                        // A retry with the same key sends what was recorded: the upload is not stored again.
                        return store.recordedReply(replyId).flatMap(recorded -> recorded.isEmpty()
                                ? record(tenant, conversation, account, replyId, delivery, text, upload)
                                : Uni.createFrom().item(recorded))
                                .flatMap(parts -> sender.send(delivery, account, row.getString("platform_contact_id"),
                                        parts, false))
                                .flatMap(progress -> settle(conversation, replyId, progress));
                    });
        });
    }

    /** Stores the upload, if any, then records every part of the reply (nothing is sent yet). */
    private Uni<List<RecordedPart>> record(UUID tenant, UUID conversation, AccountCredentials account, UUID replyId,
            PartDelivery delivery, String text, Optional<OutboundFiles.Upload> upload) {
        Uni<Optional<OutboundFiles.Stored>> stored = upload
                .map(file -> files.store(tenant, file).map(Optional::of))
                .orElseGet(() -> Uni.createFrom().item(Optional.empty()));
        return stored.flatMap(media -> pool.preparedQuery(RECORD_REPLY)
                .execute(Tuple.of(conversation, account.id(), replyId)
                        .addArrayOfString(parts(delivery, text, media.isPresent()).toArray(String[]::new))
                        .addString(media.map(found -> found.kind().wire()).orElse(null))
                        .addUUID(media.map(OutboundFiles.Stored::objectId).orElse(null))
                        .addString(media.map(OutboundFiles.Stored::contentType).orElse(null))
                        .addString(media.map(OutboundFiles.Stored::filename).orElse(null)))
                .flatMap(recorded -> store.recordedReply(replyId)));
    }

    /**
     * The parts' texts. With media, part 0 is the image or document with the caption when it fits the platform's
     * caption (null otherwise); a caption that does not fit, or a platform without captions (Instagram), follows as
     * text parts.
     */
    static List<String> parts(PartDelivery delivery, String text, boolean media) {
        if (!media) {
            return delivery.split(text);
        }
        String caption = text == null || text.isBlank() ? null : text.strip();
        List<String> parts = new ArrayList<>();
        if (caption != null && caption.length() <= delivery.captionLimit()) {
            parts.add(caption);
            return parts;
        }
        parts.add(null);
        if (caption != null) {
            parts.addAll(delivery.split(caption));
        }
        return parts;
    }

    /** The channel itself while the window is open; after it, what the platform allows, else 409. */
    private Uni<PartDelivery> delivery(ReplyChannel channel, AccountCredentials account,
            Optional<OffsetDateTime> lastInbound) {
        Optional<Duration> closedSince = windows.closedSince(channel.serviceWindow(),
                lastInbound.map(OffsetDateTime::toInstant));
        if (closedSince.isEmpty()) {
            return Uni.createFrom().item(channel);
        }
        return messaging.of(account.id()).map(settings -> {
            OutsideWindow outside = channel.outsideWindow(closedSince.get(), settings);
            return outside.delivery()
                    .orElseThrow(() -> new ClientErrorException(outside.refusal(), Response.Status.CONFLICT));
        });
    }

    private Uni<SentReply> settle(UUID conversation, UUID replyId, PartSender.Progress progress) {
        if (progress instanceof PartSender.AllSent) {
            return pool.preparedQuery(REPLIED).execute(Tuple.of(conversation, humanPauseSeconds))
                    .flatMap(paused -> store.recordedReply(replyId))
                    .map(parts -> new SentReply(conversation,
                            parts.stream().map(RecordedPart::platformMessageId).toList()));
        }
        if (progress instanceof PartSender.NotSent notSent) {
            throw new ServiceUnavailableException("the platform did not take the reply now: "
                    + notSent.failure().reason());
        }
        if (progress instanceof PartSender.Refused refused) {
            return store.recordUnfinished(replyId, "failed", refused.failure().reason())
                    .map(failed -> {
                        throw new ClientErrorException("the platform refused the reply: " + refused.failure().reason(),
                                Response.Status.CONFLICT);
                    });
        }
        // Unconfirmed (or still so after one more send): never sent blindly again; the platform's report decides.
        throw new WebApplicationException("the reply's delivery is not confirmed yet; retry with the same "
                + "Idempotency-Key to resume it", Response.Status.ACCEPTED);
    }

    public Uni<List<ConversationMessage>> messages(UUID tenant, UUID conversation, int limit) {
        return pool.preparedQuery(MESSAGES).execute(Tuple.of(conversation, tenant, limit)).flatMap(rows -> {
            List<Uni<ConversationMessage>> messages = new ArrayList<>(rows.size());
            for (Row row : rows) {
                messages.add(0, message(row));
            }
            return messages.isEmpty()
                    ? Uni.createFrom().item(List.<ConversationMessage>of())
                    : Uni.join().all(messages).andFailFast();
        });
    }

    /** A message as the view shows it; its media, if stored, with a fresh signed link. */
    private Uni<ConversationMessage> message(Row row) {
        UUID object = row.getUUID("object_id");
        String contentType = row.getString("content_type");
        String filename = row.getString("media_filename");
        Uni<MessageMedia> media = object == null
                ? Uni.createFrom().nullItem()
                : files.link(object).map(url -> new MessageMedia(object, contentType, filename, url));
        return media.map(found -> new ConversationMessage(row.getString("direction"), row.getString("type"),
                row.getString("text"), row.getString("status"), row.getOffsetDateTime("sent_at"), found));
    }

}
