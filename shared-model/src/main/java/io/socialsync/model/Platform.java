package io.socialsync.model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A messaging platform SocialSync answers on. The wire form (JSON, Redis keys, URLs, database) is lower case. */
public enum Platform {
    WHATSAPP, INSTAGRAM, TELEGRAM;

    /** The lower-case name used on the wire, in Redis keys, in routes and in the database. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is no platform of ours */
    @JsonCreator
    public static Platform fromWire(String wire) {
        for (Platform platform : values()) {
            if (platform.wire().equals(wire)) {
                return platform;
            }
        }
        throw new IllegalArgumentException("unknown platform: " + wire);
    }
}
