package io.socialsync.model;

/** Field names of an entry on {@link RedisKeys#INBOUND_STREAM}. */
public final class StreamFields {

    /** Schema version of the entry, so that a rolling deploy can read old and new entries alike. */
    public static final String SCHEMA_VERSION = "v";
    /** The version this code writes. */
    public static final String CURRENT_SCHEMA_VERSION = "1";
    /** The {@link UnifiedMessage} as JSON ({@link JsonCodec}). */
    public static final String MESSAGE = "message";
    /**
     * The W3C {@code traceparent} of ingest's span that enqueued the message; absent when tracing is off. Readers
     * that do not know it ignore it, so it needs no new schema version.
     */
    public static final String TRACE_PARENT = "traceparent";

    private StreamFields() {
    }
}
