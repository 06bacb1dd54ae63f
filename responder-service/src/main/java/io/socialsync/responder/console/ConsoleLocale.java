package io.socialsync.responder.console;

import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

/** The console's language: the one chosen with the switch (a cookie), else the browser's first we have, else English. */
public final class ConsoleLocale {

    static final String COOKIE = "socialsync_lang";
    static final List<String> SUPPORTED = List.of("en", "fr");

    private ConsoleLocale() {
    }

    public static Locale of(HttpHeaders headers) {
        Cookie chosen = headers.getCookies().get(COOKIE);
        if (chosen != null && SUPPORTED.contains(chosen.getValue())) {
            return Locale.forLanguageTag(chosen.getValue());
        }
        for (Locale accepted : headers.getAcceptableLanguages()) {
            if (SUPPORTED.contains(accepted.getLanguage())) {
                return Locale.forLanguageTag(accepted.getLanguage());
            }
        }
        return Locale.ENGLISH;
    }
}
