package io.socialsync.crypto;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.socialsync.model.Platform;

/**
 * Tokens opened before, kept by what opened them (platform, account, sealed value): the responder opens its account's
 * token for every request it makes, which was 3 % of its CPU per reply. A different account or platform is a
 * different key, so the sealed value's binding to its account is checked as before; a value that does not open is
 * never kept. Bounded: past {@link #MAX_KEPT} values it starts again empty.
 */
final class OpenedTokens {

    static final int MAX_KEPT = 10_000;

    /** What actually opens a sealed value ({@link TokenKeys#open}). */
    @FunctionalInterface
    interface Opener {
        String open(Platform platform, String platformAccountId, String stored);
    }

    private record Sealed(Platform platform, String platformAccountId, String stored) {
    }

    private final Opener opener;
    private final Map<Sealed, String> opened = new ConcurrentHashMap<>();

    OpenedTokens(Opener opener) {
        this.opener = opener;
    }

    String open(Platform platform, String platformAccountId, String stored) {
        if (!TokenKeys.isSealed(stored)) {
            return stored;
        }
        Sealed sealed = new Sealed(platform, platformAccountId, stored);
        String token = opened.get(sealed);
        if (token != null) {
            return token;
        }
        token = opener.open(platform, platformAccountId, stored);
        if (opened.size() >= MAX_KEPT) {
            opened.clear();
        }
        opened.put(sealed, token);
        return token;
    }
}
