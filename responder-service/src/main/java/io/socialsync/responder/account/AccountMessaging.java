package io.socialsync.responder.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.messaging.MessagingSettings;
import io.socialsync.responder.messaging.MessagingSettingsStore;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An account's messaging settings (the template for a person's reply after the 24-hour window, the welcome message)
 * and its WhatsApp templates as ingest recorded them. Scoped like every account call: another tenant's is 404.
 */
@ApplicationScoped
public class AccountMessaging {

    /** Meta's template names: lower-case letters, digits and underscores. */
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9_]{1,512}");
    /** Meta's template language codes: {@code en}, {@code en_US}, {@code zh_HK}, {@code fil}. */
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");
    private static final int MAX_WELCOME_CHARS = 4096;
    private static final String APPROVED = "APPROVED";

    private static final String TEMPLATES = """
            SELECT template_id, name, language, status, quality, category, reason, updated_at
            FROM whatsapp_templates WHERE waba_id = $1 ORDER BY name, language, template_id""";

    private final Accounts accounts;
    private final MessagingSettingsStore settings;
    private final Pool pool;

    public AccountMessaging(Accounts accounts, MessagingSettingsStore settings, Pool pool) {
        this.accounts = accounts;
        this.settings = settings;
        this.pool = pool;
    }

    public Uni<MessagingView> get(Optional<UUID> tenant, UUID id) {
        return accounts.get(tenant, id).flatMap(account -> settings.of(id)).map(AccountMessaging::view);
    }

    /**
     * Replaces the settings after checking them (422): a template only on WhatsApp, named and with a language as
     * Meta writes them, and not one Meta reported as other than approved; a welcome text within a message's length.
     */
    public Uni<MessagingView> replace(Optional<UUID> tenant, UUID id, MessagingView requested) {
        return accounts.get(tenant, id).flatMap(account -> {
            MessagingSettings wanted = validated(Platform.fromWire(account.platform()), requested);
            Uni<Void> approved = wanted.windowTemplate().isEmpty() || account.wabaId() == null
                    ? Uni.createFrom().voidItem()
                    : requireApproved(account.wabaId(), wanted.windowTemplate().get());
            return approved.flatMap(checked -> settings.replace(id, wanted));
        }).map(AccountMessaging::view);
    }

    public Uni<List<TemplateView>> templates(Optional<UUID> tenant, UUID id) {
        return accounts.get(tenant, id).flatMap(account -> account.wabaId() == null
                ? Uni.createFrom().item(List.<TemplateView>of())
                : pool.preparedQuery(TEMPLATES).execute(Tuple.of(account.wabaId())).map(rows -> {
                    List<TemplateView> templates = new ArrayList<>(rows.size());
                    rows.forEach(row -> templates.add(template(row)));
                    return templates;
                }));
    }

    private static MessagingSettings validated(Platform platform, MessagingView requested) {
        Optional<MessagingSettings.WindowTemplate> template = Optional.ofNullable(requested.windowTemplate())
                .map(wanted -> {
                    if (platform != Platform.WHATSAPP) {
                        throw AccountProblem.invalidSettings("windowTemplate: only WhatsApp sends templates; on "
                                + platform.wire() + " a person answers within the platform's own window.");
                    }
                    if (wanted.name() == null || !TEMPLATE_NAME.matcher(wanted.name()).matches()) {
                        throw AccountProblem.invalidSettings("windowTemplate.name: the template's name at Meta "
                                + "(lower-case letters, digits and underscores).");
                    }
                    if (wanted.language() == null || !LANGUAGE.matcher(wanted.language()).matches()) {
                        throw AccountProblem.invalidSettings("windowTemplate.language: a language code as Meta "
                                + "writes it, such as en or en_US.");
                    }
                    return new MessagingSettings.WindowTemplate(wanted.name(), wanted.language(),
                            wanted.textParameter() == null || wanted.textParameter());
                });
        Optional<String> welcome = Optional.ofNullable(requested.welcomeText());
        if (welcome.isPresent() && (welcome.get().isBlank() || welcome.get().length() > MAX_WELCOME_CHARS)) {
            throw AccountProblem.invalidSettings("welcomeText: 1 to " + MAX_WELCOME_CHARS
                    + " characters, or null for no welcome message.");
        }
        return new MessagingSettings(template, welcome);
    }

    /** A template Meta reported on (rejected, paused, disabled…) must be approved; one it never mentioned may be. */
    private Uni<Void> requireApproved(String wabaId, MessagingSettings.WindowTemplate template) {
        return pool.preparedQuery("""
                SELECT status FROM whatsapp_templates WHERE waba_id = $1 AND name = $2 AND language = $3""")
                .execute(Tuple.of(wabaId, template.name(), template.language())).map(rows -> {
                    List<String> statuses = new ArrayList<>();
                    rows.forEach(row -> statuses.add(row.getString("status")));
                    if (!statuses.isEmpty() && statuses.stream().noneMatch(APPROVED::equalsIgnoreCase)) {
                        throw AccountProblem.invalidSettings("windowTemplate: Meta reports the template "
                                + template.name() + " (" + template.language() + ") as " + statuses.get(0)
                                + ", not approved.");
                    }
                    return null;
                });
    }

    private static MessagingView view(MessagingSettings settings) {
        return new MessagingView(settings.windowTemplate()
                .map(template -> new MessagingView.WindowTemplate(template.name(), template.language(),
                        template.textParameter()))
                .orElse(null), settings.welcomeText().orElse(null));
    }

    private static TemplateView template(Row row) {
        return new TemplateView(row.getString("template_id"), row.getString("name"), row.getString("language"),
                row.getString("status"), row.getString("quality"), row.getString("category"), row.getString("reason"),
                row.getOffsetDateTime("updated_at"));
    }
}
