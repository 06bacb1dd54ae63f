package io.socialsync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HubSignatureTest {

    private static final byte[] BODY = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    private final HubSignature signature = HubSignature.forSecrets(Optional.of("app-secret"));

    @Test
    void matchesTheHmacOfTheRawBytes() {
        // Known answer computed with: printf '%s' "$BODY" | openssl dgst -sha256 -hmac app-secret
        String header = HubSignature.sign("app-secret", BODY);
        assertEquals("sha256=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904f", header);
        assertTrue(signature.matches(header, BODY));
        assertTrue(signature.matches(header.toUpperCase().replace("SHA256=", "sha256="), BODY), "hex case is free");
    }

    @Test
    void refusesAnyOtherBodySecretOrForm() {
        String header = HubSignature.sign("app-secret", BODY);
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 2] = ' ';
        assertFalse(signature.matches(header, tampered), "one changed byte");
        assertFalse(signature.matches(HubSignature.sign("other-secret", BODY), BODY), "another secret");
        assertFalse(signature.matches(null, BODY), "missing header");
        assertFalse(signature.matches("", BODY), "empty header");
        assertFalse(signature.matches(header.substring(7), BODY), "no sha256= prefix");
        assertFalse(signature.matches("sha1=" + header.substring(7), BODY), "another algorithm");
        assertFalse(signature.matches(header.substring(0, 70), BODY), "truncated");
        assertFalse(signature.matches("sha256=" + "zz".repeat(32), BODY), "not hex");
    }

    @Test
    void withoutASecretNothingVerifies() {
        HubSignature none = HubSignature.forSecrets(Optional.empty(), Optional.of(" "));
        assertFalse(none.configured());
        assertFalse(none.matches(HubSignature.sign("app-secret", BODY), BODY));
    }

    @Test
    void acceptsAnyOfSeveralSecrets() {
        HubSignature both = HubSignature.forSecrets(Optional.of("instagram-secret"), Optional.of("facebook-secret"));
        assertTrue(both.matches(HubSignature.sign("instagram-secret", BODY), BODY));
        assertTrue(both.matches(HubSignature.sign("facebook-secret", BODY), BODY));
        assertFalse(both.matches(HubSignature.sign("app-secret", BODY), BODY));
    }

    @Test
    void aReusedSignerSignsEachBodyAsAFreshOneWould() {
        HubSignature.Signer signer = HubSignature.signer("app-secret");
        byte[] other = "{}".getBytes(StandardCharsets.UTF_8);

        assertEquals(HubSignature.sign("app-secret", BODY), signer.header(BODY));
        assertEquals(HubSignature.sign("app-secret", other), signer.header(other));
        assertEquals(signer.header(BODY), HubSignature.PREFIX + signer.hex(BODY));
    }
}
