package io.socialsync.responder.console;

import java.util.Locale;

import io.quarkus.qute.TemplateData;
import io.quarkus.security.identity.SecurityIdentity;
import io.socialsync.responder.admin.AdminRoles;

/**
 * What every console page's layout needs: the language, the session's CSRF token (sent by htmx in a header on every
 * state-changing request), who is signed in, and which section is open.
 */
@TemplateData
public record ConsolePage(Locale locale, String lang, String csrf, boolean operator, String tenant, String section) {

    static ConsolePage of(SecurityIdentity identity, Locale locale, String section) {
        Object csrf = identity.getAttribute(ConsoleSessionIdentityProvider.CSRF_TOKEN);
        Object tenant = identity.getAttribute(AdminRoles.TENANT_SLUG);
        return new ConsolePage(locale, locale.getLanguage(), csrf == null ? "" : csrf.toString(),
                identity.hasRole(AdminRoles.OPERATOR), tenant == null ? null : tenant.toString(), section);
    }

    /** A page shown before sign-in. */
    static ConsolePage anonymous(Locale locale) {
        return new ConsolePage(locale, locale.getLanguage(), "", false, null, "sign-in");
    }

    public boolean signedIn() {
        return operator || tenant != null;
    }
}
