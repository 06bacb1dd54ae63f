package io.socialsync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class RedisKeysTest {

    @Test
    void conversationKeysKeepTheSeedSystemsNames() {
        assertEquals("conv:whatsapp:106540352242922:15551234567",
                RedisKeys.conversation(Platform.WHATSAPP, "106540352242922", "15551234567"));
        assertEquals("conv:instagram:17841400000000000:998877",
                RedisKeys.conversation(Platform.INSTAGRAM, "17841400000000000", "998877"));
        assertEquals("credentials:whatsapp:1", RedisKeys.credentials(Platform.WHATSAPP, "1"));
        assertEquals("instagram_profile:42", RedisKeys.profile(Platform.INSTAGRAM, "42"));
    }

    @Test
    void batchKeysHangOffTheirConversation() {
        UUID batch = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        assertEquals("conv:whatsapp:1:2:batch:00000000-0000-0000-0000-00000000000a",
                RedisKeys.batch(RedisKeys.conversation(Platform.WHATSAPP, "1", "2"), batch));
    }

    @Test
    void anAccountsLimitKeysShareOneHashSlot() {
        String tag = "{whatsapp:106540352242922}";
        assertEquals("limit:" + tag + ":account", RedisKeys.accountSends(Platform.WHATSAPP, "106540352242922"));
        assertEquals("limit:" + tag + ":number", RedisKeys.numberSends(Platform.WHATSAPP, "106540352242922"));
        assertEquals("limit:" + tag + ":slow", RedisKeys.numberSlowdown(Platform.WHATSAPP, "106540352242922"));
        assertEquals("limit:" + tag + ":pair:ab12", RedisKeys.recipientTurn(Platform.WHATSAPP, "106540352242922",
                "ab12"));
    }

    @Test
    void platformWireNamesAreLowerCaseAndStrict() {
        assertEquals(Platform.INSTAGRAM, Platform.fromWire("instagram"));
        assertThrows(IllegalArgumentException.class, () -> Platform.fromWire("INSTAGRAM"));
    }
}
