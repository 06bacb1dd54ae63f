package io.socialsync.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.socialsync.model.Platform;

class TokenKeysTest {

    private static String key(String id) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return id + ":" + Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void aSealedTokenNamesItsKeyHoldsNoPlaintextAndOpensAgain() {
        TokenKeys keys = TokenKeys.parse(List.of(key("k1")));
        SealedToken sealed = keys.seal(Platform.WHATSAPP, "1001", "EAAG-secret-token");
        assertEquals("k1", sealed.keyId());
        assertTrue(sealed.value().startsWith("enc:k1:"), sealed.value());
        assertFalse(sealed.value().contains("secret"));
        assertNotEquals(sealed.value(), keys.seal(Platform.WHATSAPP, "1001", "EAAG-secret-token").value(),
                "a fresh nonce each time");
        assertEquals("EAAG-secret-token", keys.open(Platform.WHATSAPP, "1001", sealed.value()));
    }

    @Test
    void aCiphertextMovedToAnotherAccountOrAlteredDoesNotOpen() {
        TokenKeys keys = TokenKeys.parse(List.of(key("k1")));
        String sealed = keys.seal(Platform.WHATSAPP, "1001", "token").value();
        assertThrows(TokenUnreadableException.class, () -> keys.open(Platform.WHATSAPP, "1002", sealed));
        assertThrows(TokenUnreadableException.class, () -> keys.open(Platform.INSTAGRAM, "1001", sealed));
        char last = sealed.charAt(sealed.length() - 3);
        String altered = sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A')
                + sealed.substring(sealed.length() - 2);
        assertThrows(TokenUnreadableException.class, () -> keys.open(Platform.WHATSAPP, "1001", altered));
    }

    @Test
    void olderKeysStillOpenWhatTheySealedWhileThePrimarySealsNewTokens() {
        String old = key("2026-01");
        String sealedUnderOld = TokenKeys.parse(List.of(old)).seal(Platform.INSTAGRAM, "17841", "token").value();
        TokenKeys rotated = TokenKeys.parse(List.of(key("2026-06"), old));
        assertEquals("2026-06", rotated.primaryKeyId());
        assertEquals("token", rotated.open(Platform.INSTAGRAM, "17841", sealedUnderOld));
        assertEquals("2026-06", rotated.seal(Platform.INSTAGRAM, "17841", "token").keyId());
        TokenKeys withoutOld = TokenKeys.parse(List.of(key("2026-06")));
        assertThrows(TokenUnreadableException.class,
                () -> withoutOld.open(Platform.INSTAGRAM, "17841", sealedUnderOld));
    }

    @Test
    void aPlaintextValueFromBeforeEncryptionIsReadAsItIs() {
        TokenKeys keys = TokenKeys.parse(List.of(key("k1")));
        assertEquals("EAAG-legacy", keys.open(Platform.WHATSAPP, "1001", "EAAG-legacy"));
    }

    @Test
    void malformedKeysAreRefusedWithoutEchoingThem() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> TokenKeys.parse(List.of("k1:" + Base64.getEncoder().encodeToString(new byte[16]))));
        assertTrue(shortKey.getMessage().contains("32"), shortKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokenKeys.parse(List.of("no-id-here")));
        assertThrows(IllegalArgumentException.class, () -> TokenKeys.parse(List.of(key("k1"), key("k1"))));
    }
}
