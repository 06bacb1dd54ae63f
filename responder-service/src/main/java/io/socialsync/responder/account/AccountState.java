package io.socialsync.responder.account;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An account's state as the API shows it, read from the columns the pipeline uses ({@code active},
 * {@code flagged_reason}); there is no state column of its own.
 */
public enum AccountState {
    /** Messages are answered. */
    ACTIVE,
    /** The platform rejected the token (e.g. Graph error 190); a new token makes it active again. */
    NEEDS_RECONNECT,
    /** Deactivated on purpose. */
    INACTIVE;

    static AccountState of(boolean active, String flaggedReason) {
        if (active) {
            return ACTIVE;
        }
        return flaggedReason != null ? NEEDS_RECONNECT : INACTIVE;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
