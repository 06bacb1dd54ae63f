package io.socialsync.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.socialsync.model.Platform;

class OpenedTokensTest {

    private final TokenKeys keys = TokenKeys.parse(List.of("k1:" + randomKey()));
    private final AtomicInteger decrypted = new AtomicInteger();
    private final OpenedTokens opened = new OpenedTokens((platform, account, stored) -> {
        decrypted.incrementAndGet();
        return keys.open(platform, account, stored);
    });

    @Test
    void aTokenIsDecryptedOnceForAllTheRequestsOfItsAccount() {
        String sealed = keys.seal(Platform.WHATSAPP, "1001", "EAAG-token").value();

        for (int request = 0; request < 5; request++) {
            assertEquals("EAAG-token", opened.open(Platform.WHATSAPP, "1001", sealed));
        }

        assertEquals(1, decrypted.get());
    }

    @Test
    void aTokenOpenedForItsAccountStillDoesNotOpenForAnotherAccountOrPlatform() {
        String sealed = keys.seal(Platform.WHATSAPP, "1001", "EAAG-token").value();
        opened.open(Platform.WHATSAPP, "1001", sealed);

        assertThrows(TokenUnreadableException.class, () -> opened.open(Platform.WHATSAPP, "2002", sealed));
        assertThrows(TokenUnreadableException.class, () -> opened.open(Platform.INSTAGRAM, "1001", sealed));
        assertThrows(TokenUnreadableException.class, () -> opened.open(Platform.WHATSAPP, "2002", sealed),
                "a refusal is never kept as an answer");
        assertEquals(4, decrypted.get());
    }

    @Test
    void aPlainTokenOfBeforeEncryptionPassesThroughAndTheKeptOnesAreBounded() {
        assertEquals("plain-token", opened.open(Platform.TELEGRAM, "7", "plain-token"));
        assertEquals(0, decrypted.get());
        for (int account = 0; account <= OpenedTokens.MAX_KEPT; account++) {
            String id = Integer.toString(account);
            opened.open(Platform.WHATSAPP, id, keys.seal(Platform.WHATSAPP, id, "t" + id).value());
        }
        String first = keys.seal(Platform.WHATSAPP, "first", "t").value();
        opened.open(Platform.WHATSAPP, "first", first);
        int before = decrypted.get();
        opened.open(Platform.WHATSAPP, "first", first);
        assertEquals(before, decrypted.get(), "kept again after the store started over");
    }

    private static String randomKey() {
        byte[] key = new byte[TokenKeys.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
