package io.socialsync.model;

/** Field names of an entry on {@link RedisKeys#INBOUND_STREAM}. */
public final class StreamFields {

    /** Schema version of the entry, so that a rolling deploy can read old and new entries alike. */
    public static final String SCHEMA_VERSION = "v";
    /** The version this code writes. */
    public static final String CURRENT_SCHEMA_VERSION = "1";
    /** The {@link UnifiedMessage} as JSON ({@link JsonCodec}). */
    public static final String MESSAGE = "message";

    private StreamFields() {
    }
}
