package io.socialsync.responder.messaging;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.messaging.MessagingSettings.WindowTemplate;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** An account's {@link MessagingSettings} in PostgreSQL ({@code account_messaging}); none stored = none set. */
@ApplicationScoped
public class MessagingSettingsStore {

    private static final String COLUMNS = "window_template_name, window_template_language, "
            + "window_template_text_parameter, welcome_text";

    private final Pool pool;

    public MessagingSettingsStore(Pool pool) {
        this.pool = pool;
    }

    /** @param accountId our id of the account ({@code social_accounts.id}) */
    public Uni<MessagingSettings> of(UUID accountId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM account_messaging WHERE account_id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> rows.size() == 0 ? MessagingSettings.NONE : from(rows.iterator().next()));
    }

    /** Replaces the account's settings as a whole. */
    public Uni<MessagingSettings> replace(UUID accountId, MessagingSettings settings) {
        Optional<WindowTemplate> template = settings.windowTemplate();
        return pool.preparedQuery("""
                INSERT INTO account_messaging (account_id, window_template_name, window_template_language,
                                               window_template_text_parameter, welcome_text)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (account_id) DO UPDATE SET window_template_name = EXCLUDED.window_template_name,
                    window_template_language = EXCLUDED.window_template_language,
                    window_template_text_parameter = EXCLUDED.window_template_text_parameter,
                    welcome_text = EXCLUDED.welcome_text, updated_at = now()
                RETURNING""" + " " + COLUMNS)
                .execute(Tuple.from(new Object[]{accountId, template.map(WindowTemplate::name).orElse(null),
                        template.map(WindowTemplate::language).orElse(null),
                        template.map(WindowTemplate::textParameter).orElse(true), settings.welcomeText().orElse(null)}))
                .map(rows -> from(rows.iterator().next()));
    }

    private static MessagingSettings from(Row row) {
        String name = row.getString("window_template_name");
        Optional<WindowTemplate> template = name == null
                ? Optional.empty()
                : Optional.of(new WindowTemplate(name, row.getString("window_template_language"),
                        row.getBoolean("window_template_text_parameter")));
        return new MessagingSettings(template, Optional.ofNullable(row.getString("welcome_text")));
    }
}
