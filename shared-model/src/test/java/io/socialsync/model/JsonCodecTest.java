package io.socialsync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class JsonCodecTest {

    private final UnifiedMessage message = new UnifiedMessage(UUID.fromString("00000000-0000-0000-0000-000000000001"),
            Platform.WHATSAPP, "106540352242922", "15551234567", "wamid.ABC", UnifiedMessageType.IMAGE, "a caption",
            new MediaReference("1234", null, "image/jpeg"), "wamid.PREV", 2, Instant.parse("2026-11-24T10:15:30Z"),
            true);

    @Test
    void roundTripsAMessage() {
        assertEquals(message, JsonCodec.decode(JsonCodec.encode(message), UnifiedMessage.class));
    }

    @Test
    void writesLowerCaseEnumsAndIsoInstants() {
        String json = JsonCodec.encode(message);
        assertTrue(json.contains("\"platform\":\"whatsapp\""), json);
        assertTrue(json.contains("\"type\":\"image\""), json);
        assertTrue(json.contains("\"receivedAt\":\"2026-11-24T10:15:30Z\""), json);
        assertFalse(json.contains("\"url\""), "absent fields are left out: " + json);
    }

    @Test
    void readsEntriesOfANewerWriter() {
        String newer = JsonCodec.encode(message).replace("\"type\":\"image\"", "\"type\":\"poll\",\"pollId\":\"9\"");
        UnifiedMessage read = JsonCodec.decode(newer, UnifiedMessage.class);
        assertEquals(UnifiedMessageType.UNSUPPORTED, read.type());
        assertEquals(message.id(), read.id());
    }

    @Test
    void aBatchedMessageCarriesItsTraceContextAndAMessageWithoutOneIsWrittenAsBefore() {
        String traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        UnifiedMessage traced = message.withTraceParent(traceParent);

        assertEquals(traced, JsonCodec.decode(JsonCodec.encode(traced), UnifiedMessage.class));
        assertTrue(JsonCodec.encode(traced).contains("\"traceParent\":\"" + traceParent + "\""));
        assertFalse(JsonCodec.encode(message).contains("traceParent"), "tracing off: the wire is unchanged");
        assertEquals(message, traced.withTraceParent(null));
    }

    @Test
    void refusesSomethingThatIsNoMessage() {
        assertThrows(IllegalArgumentException.class, () -> JsonCodec.decode("{not json", UnifiedMessage.class));
    }
}
