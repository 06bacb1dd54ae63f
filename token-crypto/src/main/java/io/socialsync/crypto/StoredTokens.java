package io.socialsync.crypto;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The tokens in {@code social_accounts}, as a whole: sealing the plaintext ones (at start, for rows written before
 * encryption existed) and re-encrypting everything under the primary key after a rotation. Each row is replaced only
 * if it still holds the value that was read (compare and set), so replicas doing the same at once, or a token updated
 * meanwhile, lose nothing.
 */
@ApplicationScoped
public class StoredTokens {

    private static final int PAGE = 200;

    private static final String PLAINTEXT = """
            SELECT id, platform, platform_account_id, access_token FROM social_accounts
            WHERE access_token IS NOT NULL AND access_token NOT LIKE 'enc:%' AND id > $1
            ORDER BY id LIMIT $2""";
    private static final String NOT_UNDER_PRIMARY = """
            SELECT id, platform, platform_account_id, access_token FROM social_accounts
            WHERE access_token IS NOT NULL AND token_key_id IS DISTINCT FROM $3 AND id > $1
            ORDER BY id LIMIT $2""";
    private static final String REPLACE = """
            UPDATE social_accounts SET access_token = $2, token_key_id = $3
            WHERE id = $1 AND access_token = $4""";

    private final Pool pool;
    private final TokenCipher cipher;
    private final CryptoConfig config;

    public StoredTokens(Pool pool, TokenCipher cipher, CryptoConfig config) {
        this.pool = pool;
        this.cipher = cipher;
        this.config = config;
    }

    /** What a pass over the tokens did. {@code failed}: tokens that could not be opened (their key is missing). */
    public record Resealed(int examined, int resealed, int failed) {
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.sealAtStart()) {
            return;
        }
        // Start-up may block: the service should not run with tokens it has not sealed yet.
        Resealed done = sealPlaintext().await().atMost(Duration.ofMinutes(5));
        if (done.examined() > 0) {
            Log.infof("sealed %d plaintext access tokens under key %s", done.resealed(), cipher.primaryKeyId());
        }
    }

    /** Seals every token stored in plain text. */
    public Uni<Resealed> sealPlaintext() {
        return pass(PLAINTEXT, null);
    }

    /** Re-encrypts every token not sealed under the primary key (after the primary changed). */
    public Uni<Resealed> reencryptUnderPrimary() {
        return pass(NOT_UNDER_PRIMARY, cipher.primaryKeyId()).invoke(done -> Log.infof(
                "re-encryption under key %s: %d examined, %d re-encrypted, %d unreadable", cipher.primaryKeyId(),
                done.examined(), done.resealed(), done.failed()));
    }

    private record Stored(UUID id, Platform platform, String platformAccountId, String value) {
    }

    private Uni<Resealed> pass(String select, String primary) {
        int[] counts = new int[3];
        UUID[] after = {new UUID(0, 0)}; // PostgreSQL orders uuids as unsigned bytes: all zeros is the least
        // Pages by id: a row that cannot be opened is passed over, not read again forever.
        return Multi.createBy().repeating()
                .uni(() -> page(select, primary, after[0]))
                .whilst(page -> page.size() == PAGE)
                .onItem().transformToUniAndConcatenate(page -> {
                    if (!page.isEmpty()) {
                        after[0] = page.get(page.size() - 1).id();
                    }
                    return Multi.createFrom().iterable(page).onItem()
                            .transformToUniAndConcatenate(stored -> reseal(stored, counts)).collect().last();
                })
                .collect().last()
                .map(ignored -> new Resealed(counts[0], counts[1], counts[2]));
    }

    private Uni<List<Stored>> page(String select, String primary, UUID after) {
        Tuple arguments = primary == null ? Tuple.of(after, PAGE) : Tuple.of(after, PAGE, primary);
        return pool.preparedQuery(select).execute(arguments).map(rows -> {
            List<Stored> page = new ArrayList<>(rows.size());
            for (Row row : rows) {
                page.add(new Stored(row.getUUID("id"), Platform.fromWire(row.getString("platform")),
                        row.getString("platform_account_id"), row.getString("access_token")));
            }
            return page;
        });
    }

    private Uni<Void> reseal(Stored stored, int[] counts) {
        counts[0]++;
        SealedToken sealed;
        try {
            String token = cipher.open(stored.platform(), stored.platformAccountId(), stored.value());
            sealed = cipher.seal(stored.platform(), stored.platformAccountId(), token);
        } catch (TokenUnreadableException e) {
            counts[2]++;
            Log.warnf("account %s: %s", stored.id(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(REPLACE)
                .execute(Tuple.of(stored.id(), sealed.value(), sealed.keyId(), stored.value()))
                .invoke(rows -> counts[1] += rows.rowCount())
                .replaceWithVoid();
    }
}
