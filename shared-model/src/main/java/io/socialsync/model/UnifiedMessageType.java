package io.socialsync.model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a customer sent, whatever the platform. Wire form lower case. */
public enum UnifiedMessageType {
    TEXT, IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER, LOCATION, CONTACTS, INTERACTIVE, REACTION,
    /**
     * The customer opened a chat for the first time (WhatsApp {@code request_welcome}): answered with the welcome
     * text, never by the AI.
     */
    WELCOME_REQUEST, UNSUPPORTED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A type this version does not know (a newer producer during a rolling deploy) reads as UNSUPPORTED. */
    @JsonCreator
    public static UnifiedMessageType fromWire(String wire) {
        for (UnifiedMessageType type : values()) {
            if (type.wire().equals(wire)) {
                return type;
            }
        }
        return UNSUPPORTED;
    }
}
