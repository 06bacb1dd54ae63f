package io.socialsync.responder.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ContactPseudonymsTest {

    private static final String NUMBER = "4915112345678";

    @Test
    void aContactKeepsItsPseudonymUnderOneKeyAndItIsTheKeyedHashNotThePlainOne() {
        ContactPseudonyms pseudonyms = new ContactPseudonyms(() -> Optional.of("log-key"));

        String pseudonym = pseudonyms.of(NUMBER);

        assertEquals(16, pseudonym.length());
        assertEquals(pseudonym, new ContactPseudonyms(() -> Optional.of("log-key")).of(NUMBER), "joins lines");
        // Known answer: printf '%s' 4915112345678 | openssl dgst -sha256 -hmac log-key (first 8 bytes)
        assertEquals("965bb3082395f805", pseudonym);
        assertNotEquals(pseudonyms.of("4915112345679"), pseudonym, "another customer");
        assertFalse(pseudonym.contains(NUMBER.substring(0, 6)));
    }

    @Test
    void anotherKeyOrNoKeyGivesAnotherName() {
        String underKey = new ContactPseudonyms(() -> Optional.of("log-key")).of(NUMBER);

        assertNotEquals(underKey, new ContactPseudonyms(() -> Optional.of("other-key")).of(NUMBER));
        assertNotEquals(underKey, new ContactPseudonyms(() -> Optional.empty()).of(NUMBER), "a random key");
        assertNotEquals(underKey, new ContactPseudonyms(() -> Optional.of(" ")).of(NUMBER), "blank is no key");
    }
}
