package io.socialsync.responder.admin;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.socialsync.model.JsonCodec;

/**
 * Plays an OIDC provider without a server: makes an RSA key pair, turns OIDC on with local verification against its
 * public key ({@code quarkus.oidc.public-key}), and signs RS256 access tokens for the tests. The private key travels
 * to the test through a system property (the test resource and the test class are loaded by different class
 * loaders); it exists only for this JVM.
 */
public class OidcTestIssuer implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER = "https://idp.socialsync.test";
    private static final String SIGNING_KEY_PROPERTY = "oidc-test-issuer.signing-key";

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            System.setProperty(SIGNING_KEY_PROPERTY,
                    Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            return Map.of("quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                    "quarkus.oidc.token.issuer", ISSUER,
                    "quarkus.oidc.roles.role-claim-path", "groups");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        System.clearProperty(SIGNING_KEY_PROPERTY);
    }

    /** A signed access token with these claims on top of issuer, subject and a 5-minute lifetime. */
    static String token(Map<String, Object> claims) {
        return token(claims, signingKey());
    }

    static String token(Map<String, Object> claims, PrivateKey key) {
        Map<String, Object> payload = new LinkedHashMap<>();
        long now = Instant.now().getEpochSecond();
        payload.put("iss", ISSUER);
        payload.put("sub", "user-" + UUID.randomUUID());
        payload.put("iat", now);
        payload.put("exp", now + 300);
        payload.put("groups", List.of());
        payload.putAll(claims);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + url.encodeToString(JsonCodec.encode(payload).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey signingKey() {
        try {
            byte[] encoded = Base64.getDecoder().decode(System.getProperty(SIGNING_KEY_PROPERTY));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key the application does not trust. */
    static PrivateKey strangerKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
