package io.socialsync.ingest.store;

import java.time.ZoneOffset;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.webhook.AccountEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * News about WhatsApp Business Accounts, kept where an operator reads them: {@code account_update} sets the platform
 * status of every number of the account ({@code social_accounts.platform_status}: the event, e.g.
 * {@code ACCOUNT_RESTRICTION}, {@code DISABLED_UPDATE}, {@code ACCOUNT_OFFBOARDED}, {@code ACCOUNT_RECONNECTED}, and
 * its detail); template status, quality and category updates keep {@code whatsapp_templates} current, so that a
 * person's reply outside the 24-hour window can use an approved template. The pipeline itself keeps answering: an
 * account whose sends the platform refuses is flagged by the responder from the send's error.
 */
@ApplicationScoped
public class AccountEventStore {

    static final String ACCOUNT_STATUS = """
            UPDATE social_accounts SET platform_status = $2, platform_status_detail = $3, platform_status_at = $4,
                   updated_at = now()
            WHERE platform = 'whatsapp' AND waba_id = $1
              AND (platform_status_at IS NULL OR platform_status_at <= $4)
            """;

    // $1 WABA, $2 template id, $3 name, $4 language, $5 status, $6 quality, $7 category, $8 reason.
    static final String TEMPLATE = """
            INSERT INTO whatsapp_templates (waba_id, template_id, name, language, status, quality, category, reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (waba_id, template_id) DO UPDATE SET
                name = COALESCE(EXCLUDED.name, whatsapp_templates.name),
                language = COALESCE(EXCLUDED.language, whatsapp_templates.language),
                status = COALESCE(EXCLUDED.status, whatsapp_templates.status),
                quality = COALESCE(EXCLUDED.quality, whatsapp_templates.quality),
                category = COALESCE(EXCLUDED.category, whatsapp_templates.category),
                reason = CASE WHEN EXCLUDED.status IS NOT NULL THEN EXCLUDED.reason ELSE whatsapp_templates.reason END,
                updated_at = now()
            """;

    private final Pool pool;

    public AccountEventStore(Pool pool) {
        this.pool = pool;
    }

    /** @return whether anything we keep took the news (false: an account we do not serve) */
    public Uni<Boolean> apply(AccountEvent event) {
        Map<String, String> attributes = event.attributes();
        if (event.kind() == AccountEvent.Kind.ACCOUNT_UPDATE) {
            return pool.preparedQuery(ACCOUNT_STATUS)
                    .execute(Tuple.of(event.businessAccountId(), attributes.get("event"), attributes.get("detail"),
                            event.at().atOffset(ZoneOffset.UTC)))
                    .map(rows -> rows.rowCount() > 0);
        }
        Tuple parameters = Tuple.tuple().addString(event.businessAccountId()).addString(attributes.get("template_id"))
                .addString(attributes.get("name")).addString(attributes.get("language"))
                .addString(attributes.get("status")).addString(attributes.get("quality"))
                .addString(attributes.get("category")).addString(attributes.get("reason"));
        return pool.preparedQuery(TEMPLATE).execute(parameters).map(rows -> true);
    }
}
