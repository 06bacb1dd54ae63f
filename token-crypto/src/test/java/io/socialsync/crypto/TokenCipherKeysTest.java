package io.socialsync.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.socialsync.model.Platform;

class TokenCipherKeysTest {

    private static CryptoConfig config(Optional<List<String>> keys, Path localKeyFile) {
        return new CryptoConfig() {
            @Override
            public Optional<List<String>> keys() {
                return keys;
            }

            @Override
            public Optional<String> localKeyFile() {
                return Optional.of(localKeyFile.toString());
            }

            @Override
            public boolean sealAtStart() {
                return true;
            }
        };
    }

    @Test
    void prodRefusesToStartWithoutKeys(@TempDir Path dir) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TokenCipher.keys(config(Optional.empty(), dir.resolve("key")), List.of("prod")));
        assertTrue(refused.getMessage().contains("SOCIALSYNC_CRYPTO_KEYS"), refused.getMessage());
        assertTrue(Files.notExists(dir.resolve("key")), "no key generated in prod");
    }

    @Test
    void devAndTestShareOneGeneratedLocalKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        TokenKeys first = TokenCipher.keys(config(Optional.empty(), file), List.of("test"));
        TokenKeys second = TokenCipher.keys(config(Optional.empty(), file), List.of("dev"));
        assertTrue(first.primaryKeyId().startsWith("local-"));
        assertEquals(first.primaryKeyId(), second.primaryKeyId());
        assertEquals(32, Base64.getDecoder().decode(Files.readString(file).strip()).length);
        String sealed = first.seal(Platform.WHATSAPP, "1", "token").value();
        assertEquals("token", second.open(Platform.WHATSAPP, "1", sealed), "another service opens it");
    }

    @Test
    void configuredKeysWinInEveryProfile(@TempDir Path dir) {
        String key = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
        assertEquals("k1", TokenCipher.keys(config(Optional.of(List.of(key)), dir.resolve("key")), List.of("prod"))
                .primaryKeyId());
    }
}
