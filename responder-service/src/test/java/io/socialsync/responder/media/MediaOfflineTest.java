package io.socialsync.responder.media;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The offline default: no transcription endpoint, no vision, no AI endpoint. Media is still fetched and kept, the
 * customer gets the media notice without an AI call or a charge, and a caption is answered from the knowledge base.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class MediaOfflineTest {

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void aVoiceNoteGetsTheMediaNoticeWithoutAiCallOrCharge() {
        String marker = MediaReplyTest.marker();
        String mediaId = "media-" + marker;
        MediaFixtures.serve(GraphApiMock.server(), mediaId, MediaFixtures.resource("voice-note.ogg"), "audio/ogg",
                null);
        Seeds.Business business = Seeds.business(pool);
        pool.preparedQuery("UPDATE tenants SET plan_code = 'pro' WHERE id = $1").execute(Tuple.of(business.tenantId()))
                .await().indefinitely();
        String customer = MediaReplyTest.customer();
        UnifiedMessage voice = MediaFixtures.media(pool, business, customer, UnifiedMessageType.AUDIO, mediaId,
                "audio/ogg", null, true);

        Seeds.makeDue(redis, List.of(voice));

        List<LoggedRequest> replies = Seeds.awaitReplies(business, customer, 1);
        assertEquals(MediaReplyTest.NOTICE, MediaReplyTest.whatsappText(replies.get(0)));
        Seeds.awaitStatus(pool, voice.id(), "answered");
        assertEquals(0L, Seeds.rows(pool, "SELECT count(*) FROM credit_ledger WHERE tenant_id = $1",
                business.tenantId()).get(0).getLong(0), "nothing charged");
        Row fetch = Seeds.rows(pool, "SELECT status, transcript, object_id FROM media_fetches WHERE message_id = $1",
                voice.id()).get(0);
        assertEquals("ready", fetch.getString("status"), "kept for a person even when not understood");
        assertEquals(null, fetch.getString("transcript"));
        assertEquals("audio/ogg", Seeds.rows(pool, "SELECT content_type FROM media_objects WHERE id = $1",
                fetch.getUUID("object_id")).get(0).getString(0));
    }

    @Test
    void aTenantsOwnMediaNoticeIsSentAndTheDeploymentsWhenItHasNone() {
        Seeds.Business business = Seeds.business(pool);
        pool.preparedQuery("UPDATE tenants SET plan_code = 'pro' WHERE id = $1").execute(Tuple.of(business.tenantId()))
                .await().indefinitely();
        RequestSpecification tenant = asTenant(business);
        tenant.when().get("/admin/media/notice").then().statusCode(200)
                .body("text", is(MediaReplyTest.NOTICE)).body("deploymentDefault", is(true));
        String own = "Hola! No podemos escuchar audios aquí, ¿nos escribes tu pregunta?";
        tenant.contentType(ContentType.JSON).body("{\"text\":\"" + own + "\"}").when().put("/admin/media/notice")
                .then().statusCode(200).body("text", is(own)).body("deploymentDefault", is(false));
        tenant.contentType(ContentType.JSON).body("{\"text\":\"  \"}").when().put("/admin/media/notice").then()
                .statusCode(400);
        tenant.contentType(ContentType.JSON).body("{\"text\":\"" + "x".repeat(1001) + "\"}").when()
                .put("/admin/media/notice").then().statusCode(400);
        assertEquals(1L, Seeds.rows(pool, "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action LIKE "
                + "'PUT MediaNoticeResource%'", business.tenantId()).get(0).getLong(0), "the change is audited");

        String customer = MediaReplyTest.customer();
        UnifiedMessage voice = voiceNote(business, customer);
        Seeds.makeDue(redis, List.of(voice));
        assertEquals(own, MediaReplyTest.whatsappText(Seeds.awaitReplies(business, customer, 1).get(0)),
                "the tenant's own notice");
        Seeds.awaitStatus(pool, voice.id(), "answered");

        tenant.when().delete("/admin/media/notice").then().statusCode(200)
                .body("text", is(MediaReplyTest.NOTICE)).body("deploymentDefault", is(true));
        String other = MediaReplyTest.customer();
        UnifiedMessage again = voiceNote(business, other);
        Seeds.makeDue(redis, List.of(again));
        assertEquals(MediaReplyTest.NOTICE, MediaReplyTest.whatsappText(Seeds.awaitReplies(business, other, 1).get(0)),
                "back to the deployment's");
    }

    private UnifiedMessage voiceNote(Seeds.Business business, String customer) {
        String mediaId = "media-" + MediaReplyTest.marker();
        MediaFixtures.serve(GraphApiMock.server(), mediaId, MediaFixtures.resource("voice-note.ogg"), "audio/ogg",
                null);
        return MediaFixtures.media(pool, business, customer, UnifiedMessageType.AUDIO, mediaId, "audio/ogg", null,
                true);
    }

    private RequestSpecification asTenant(Seeds.Business business) {
        String slug = Seeds.rows(pool, "SELECT slug FROM tenants WHERE id = $1", business.tenantId()).get(0)
                .getString(0);
        String key = given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"notice test\"}").when().post("/admin/tenants/{slug}/api-keys", slug).then()
                .statusCode(201).extract().jsonPath().getString("key");
        return given().header("Authorization", "Bearer " + key);
    }

    @Test
    void aPhotosCaptionIsStillAnsweredFromTheKnowledgeBase() {
        String marker = MediaReplyTest.marker();
        String mediaId = "media-" + marker;
        MediaFixtures.serve(GraphApiMock.server(), mediaId, MediaFixtures.jpeg(800, 600), "image/jpeg", null);
        Seeds.Business business = Seeds.business(pool);
        Seeds.knowledge(pool, business, "The " + marker + " jacket is waterproof.");
        String customer = MediaReplyTest.customer();
        UnifiedMessage photo = MediaFixtures.media(pool, business, customer, UnifiedMessageType.IMAGE, mediaId,
                "image/jpeg", "is the " + marker + " jacket waterproof?", true);
        // Fetched first: this test is about the answer, MediaReplyTest about the wait.
        Instant giveUp = Instant.now().plusSeconds(15);
        while (!"ready".equals(Seeds.rows(pool, "SELECT status FROM media_fetches WHERE message_id = $1", photo.id())
                .get(0).getString(0)) && Instant.now().isBefore(giveUp)) {
            Seeds.pause(50);
        }

        Seeds.makeDue(redis, List.of(photo));

        List<LoggedRequest> replies = Seeds.awaitReplies(business, customer, 1);
        assertEquals(MediaReplyTest.NOTICE + "\n\nThe " + marker + " jacket is waterproof.",
                MediaReplyTest.whatsappText(replies.get(0)));
    }

    @Test
    void mediaObjectsFollowTheirMessagesRetentionAndErasure() {
        Seeds.Business business = Seeds.business(pool);
        byte[] photo = MediaFixtures.jpeg(320, 240);
        String first = "media-" + MediaReplyTest.marker();
        String second = "media-" + MediaReplyTest.marker();
        MediaFixtures.serve(GraphApiMock.server(), first, photo, "image/jpeg", null);
        MediaFixtures.serve(GraphApiMock.server(), second, photo, "image/jpeg", null);
        String customer = MediaReplyTest.customer();
        UnifiedMessage kept = MediaFixtures.media(pool, business, customer, UnifiedMessageType.IMAGE, first,
                "image/jpeg", null, true);
        UnifiedMessage again = MediaFixtures.media(pool, business, customer, UnifiedMessageType.IMAGE, second,
                "image/jpeg", null, true);
        awaitReady(kept);
        awaitReady(again);
        UUID object = Seeds.rows(pool, "SELECT object_id FROM media_fetches WHERE message_id = $1", kept.id()).get(0)
                .getUUID(0);
        assertEquals(object, Seeds.rows(pool, "SELECT object_id FROM media_fetches WHERE message_id = $1",
                again.id()).get(0).getUUID(0), "the same photo is stored once");

        // Retention redacts the first message: the object stays for the second.
        pool.preparedQuery("UPDATE messages SET redacted_at = now(), media_id = NULL WHERE id = $1")
                .execute(Tuple.of(kept.id())).await().indefinitely();
        assertEquals(0L, count("SELECT count(*) FROM media_fetches WHERE message_id = $1", kept.id()));
        assertEquals(1L, count("SELECT count(*) FROM media_objects WHERE id = $1", object));

        // Erasure deletes the second message: its job goes with it, and the object with its last reference.
        pool.preparedQuery("DELETE FROM messages WHERE id = $1").execute(Tuple.of(again.id())).await().indefinitely();
        assertEquals(0L, count("SELECT count(*) FROM media_fetches WHERE message_id = $1", again.id()));
        assertEquals(0L, count("SELECT count(*) FROM media_objects WHERE id = $1", object));
    }

    private void awaitReady(UnifiedMessage message) {
        Instant giveUp = Instant.now().plusSeconds(15);
        while (!"ready".equals(Seeds.rows(pool, "SELECT status FROM media_fetches WHERE message_id = $1",
                message.id()).get(0).getString(0)) && Instant.now().isBefore(giveUp)) {
            Seeds.pause(50);
        }
        assertEquals("ready", Seeds.rows(pool, "SELECT status FROM media_fetches WHERE message_id = $1",
                message.id()).get(0).getString(0));
    }

    private long count(String sql, Object parameter) {
        return Seeds.rows(pool, sql, parameter).get(0).getLong(0);
    }
}
