package io.socialsync.ingest.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.crypto.StoredTokens;
import io.socialsync.crypto.TokenCipher;
import io.socialsync.model.Platform;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The bootstrap accounts' tokens are stored sealed, and rows written before encryption are sealed too. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class SealedBootstrapTokensTest {

    @Inject
    Pool pool;

    @Inject
    TokenCipher cipher;

    @Inject
    StoredTokens stored;

    @Inject
    BootstrapAccounts bootstrap;

    private Row account(Platform platform, String id) {
        return pool.preparedQuery(
                """
                        SELECT access_token, token_key_id FROM social_accounts WHERE platform = $1 AND platform_account_id = $2""")
                .execute(Tuple.of(platform.wire(), id)).await().indefinitely().iterator().next();
    }

    @Test
    void theEnvironmentsTokensAreStoredSealedUnderThePrimaryKey() {
        Row whatsapp = account(Platform.WHATSAPP, "109000000000001");
        assertTrue(whatsapp.getString("access_token").startsWith("enc:" + cipher.primaryKeyId() + ":"));
        assertFalse(whatsapp.getString("access_token").contains("test-access-token"));
        assertEquals(cipher.primaryKeyId(), whatsapp.getString("token_key_id"));
        assertEquals("test-access-token",
                cipher.open(Platform.WHATSAPP, "109000000000001", whatsapp.getString("access_token")));
        Row instagram = account(Platform.INSTAGRAM, "17841400000000001");
        assertEquals("test-instagram-token",
                cipher.open(Platform.INSTAGRAM, "17841400000000001", instagram.getString("access_token")));
    }

    @Test
    void aRestartWithoutATokenKeepsTheSealedOne() {
        String id = "1090" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000_000L);
        bootstrap.upsert(new EnvironmentAccount(Platform.WHATSAPP, id, Optional.of("first-token"))).await()
                .indefinitely();
        bootstrap.upsert(new EnvironmentAccount(Platform.WHATSAPP, id, Optional.empty())).await().indefinitely();
        assertEquals("first-token", cipher.open(Platform.WHATSAPP, id, account(Platform.WHATSAPP, id)
                .getString("access_token")));
        assertEquals(cipher.primaryKeyId(), account(Platform.WHATSAPP, id).getString("token_key_id"));
    }

    @Test
    void aPlaintextRowFromBeforeEncryptionIsSealed() {
        String id = "1091" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000_000L);
        pool.preparedQuery("""
                INSERT INTO social_accounts (tenant_id, platform, platform_account_id, access_token)
                SELECT id, 'whatsapp', $1, 'legacy-plaintext' FROM tenants LIMIT 1""").execute(Tuple.of(id))
                .await().indefinitely();
        assertTrue(stored.sealPlaintext().await().indefinitely().resealed() >= 1);
        Row row = account(Platform.WHATSAPP, id);
        assertFalse(row.getString("access_token").contains("legacy-plaintext"));
        assertEquals("legacy-plaintext", cipher.open(Platform.WHATSAPP, id, row.getString("access_token")));
    }
}
