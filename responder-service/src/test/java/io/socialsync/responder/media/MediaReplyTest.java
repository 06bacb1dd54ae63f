package io.socialsync.responder.media;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.LlmMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.TelegramApiMock;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Media understood end to end, with WireMock as the Graph API serving real files, as the transcription endpoint and
 * as the chat model (which accepts images): fetched off the reply path, checked, resized, stored, signed, and given
 * to the model; the batch waits for it; what cannot be read is said in the reply.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TelegramApiMock.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LlmMock.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = TranscriptionMock.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class MediaReplyTest {

    static final String NOTICE = "Sorry, I couldn't open the voice note, photo or file you sent. Could you tell me in "
            + "a short text what you need?";
    private static final String PLAN_NOTICE = "Thanks for your message! Unfortunately I can't handle this kind of "
            + "message here (or one this long). Could you send your question as a short text?";
    private static final Duration AWAIT = Duration.ofSeconds(15);

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    MediaLinks links;

    @Test
    void aVoiceNotesTranscriptReachesTheChatRequestAndTheHistoryAndTheBatchWaitsForIt() {
        String marker = marker();
        String mediaId = "media-" + marker;
        MediaFixtures.serve(GraphApiMock.server(), mediaId, MediaFixtures.resource("voice-note.ogg"),
                "audio/ogg; codecs=opus", null);
        // Slower than the batch's window: a batch that did not wait would reach the model without it.
        TranscriptionMock.server().stubFor(post(urlPathEqualTo("/v1/audio/transcriptions"))
                .withRequestBody(containing("whisper-test"))
                .willReturn(okJson("{\"text\":\"do you ship the " + marker + " to Vienna?\",\"duration\":1.5}")
                        .withFixedDelay(1500)));
        answers(marker, "{\"reply\":\"Yes, we ship the " + marker + " to Austria.\",\"confidence\":0.9}");
        Seeds.Business business = Seeds.business(pool);
        pool.preparedQuery("UPDATE tenants SET plan_code = 'pro' WHERE id = $1").execute(Tuple.of(business.tenantId()))
                .await().atMost(AWAIT);
        String customer = customer();
        UnifiedMessage voice = MediaFixtures.media(pool, business, customer, UnifiedMessageType.AUDIO, mediaId,
                "audio/ogg; codecs=opus", null, true);

        Seeds.makeDue(redis, List.of(voice));

        List<LoggedRequest> replies = Seeds.awaitReplies(business, customer, 1);
        assertEquals("Yes, we ship the " + marker + " to Austria.", whatsappText(replies.get(0)));
        JsonNode chat = body(awaitOne(() -> llmCalls(marker), "the chat request"));
        JsonNode last = chat.path("messages").get(chat.path("messages").size() - 1);
        assertEquals("[audio] (voice note transcript) do you ship the " + marker + " to Vienna?",
                last.path("content").asText());
        LoggedRequest transcription = awaitOne(() -> transcriptions(), "one transcription");
        assertEquals("Bearer sk-transcribe", transcription.getHeader("Authorization"));
        assertTrue(transcription.getHeader("Content-Type").startsWith("multipart/form-data"));
        assertTrue(transcription.getBodyAsString().contains("OggS"), "the voice note itself is the file part");
        assertEquals(1L, scalar("SELECT -delta FROM credit_ledger WHERE tenant_id = $1 AND reason = 'transcription'",
                business.tenantId()), "one started minute, one credit");

        // The next batch remembers the voice note by its transcript.
        String follow = marker();
        answers(follow, "{\"reply\":\"It takes 3 days.\",\"confidence\":0.9}");
        Seeds.awaitStatus(pool, voice.id(), "answered");
        List<UnifiedMessage> next = Seeds.moreInbound(pool, business, customer, "how long does it take " + follow);
        Seeds.makeDue(redis, next);
        JsonNode second = body(awaitOne(() -> llmCalls(follow), "the second chat request"));
        assertTrue(second.path("messages").toString()
                .contains("[audio] (voice note transcript) do you ship the " + marker + " to Vienna?"),
                second.path("messages").toString());
    }

    @Test
    void aPhotoIsStoredResizedAndReachesTheModelAsAnImagePart() throws IOException {
        String marker = marker();
        String mediaId = "media-" + marker;
        MediaFixtures.serve(GraphApiMock.server(), mediaId, MediaFixtures.jpeg(4000, 3000), "image/jpeg", null);
        answers(marker, "{\"reply\":\"That is our trail runner.\",\"confidence\":0.9}");
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        UnifiedMessage photo = MediaFixtures.media(pool, business, customer, UnifiedMessageType.IMAGE, mediaId,
                "image/jpeg", "which model is this " + marker + "?", true);

        Seeds.makeDue(redis, List.of(photo));

        Seeds.awaitReplies(business, customer, 1);
        JsonNode chat = body(awaitOne(() -> llmCalls(marker), "the chat request"));
        JsonNode parts = chat.path("messages").get(chat.path("messages").size() - 1).path("content");
        assertEquals("text", parts.get(0).path("type").asText());
        assertEquals("[image] which model is this " + marker + "?", parts.get(0).path("text").asText());
        assertEquals("image_url", parts.get(1).path("type").asText());
        String dataUrl = parts.get(1).path("image_url").path("url").asText();
        assertTrue(dataUrl.startsWith("data:image/jpeg;base64,"), dataUrl.substring(0, 40));
        byte[] shown = java.util.Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
        assertEquals(768, ImageIO.read(new ByteArrayInputStream(shown)).getWidth());

        Row stored = row("""
                SELECT o.id, o.width, o.height, o.content_type, o.storage FROM media_fetches f
                JOIN media_objects o ON o.id = f.object_id WHERE f.message_id = $1""", photo.id());
        assertEquals(768, stored.getInteger("width"));
        assertEquals(576, stored.getInteger("height"));
        assertEquals("image/jpeg", stored.getString("content_type"));
        assertEquals("postgres", stored.getString("storage"));

        // The signed link serves it; an altered or expired one answers 403.
        UUID object = stored.getUUID("id");
        String url = links.signedUrl(object);
        String path = url.substring(url.indexOf("/media/"));
        byte[] served = given().when().get(path).then().statusCode(200).contentType("image/jpeg").extract()
                .asByteArray();
        assertArrayEquals(shown, served);
        given().when().get(path.replace("signature=", "signature=x")).then().statusCode(403);
        given().when().get(path.replaceAll("expires=\\d+", "expires=" + (Instant.now().getEpochSecond() + 999_999)))
                .then().statusCode(403);
        long past = Instant.now().minusSeconds(60).getEpochSecond();
        given().when().get("/media/" + object + "?expires=" + past + "&signature=" + links.signature(object, past))
                .then().statusCode(403);
        given().when().get("/media/" + UUID.randomUUID() + path.substring(path.indexOf('?'))).then().statusCode(403);
    }

    @Test
    void aPdfsTextReachesTheChatRequest() {
        String marker = marker();
        String mediaId = "media-" + marker;
        MediaFixtures.serve(GraphApiMock.server(), mediaId,
                MediaFixtures.pdf("Invoice " + marker + ": two pairs of trail runners, 240 EUR."), "application/pdf",
                null);
        answers(marker, "{\"reply\":\"Your invoice is 240 EUR.\",\"confidence\":0.9}");
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        UnifiedMessage document = MediaFixtures.media(pool, business, customer, UnifiedMessageType.DOCUMENT, mediaId,
                "application/pdf", "invoice.pdf", true);

        Seeds.makeDue(redis, List.of(document));

        Seeds.awaitReplies(business, customer, 1);
        JsonNode chat = body(awaitOne(() -> llmCalls(marker), "the chat request"));
        assertEquals("[document] invoice.pdf\n(document text)\nInvoice " + marker
                + ": two pairs of trail runners, 240 EUR.",
                chat.path("messages").get(chat.path("messages").size() - 1).path("content").asText());
    }

    @Test
    void aWrongSha256IsRefusedAndTheReplySaysSoWithoutAnAiCall() {
        String marker = marker();
        String mediaId = "media-" + marker;
        MediaFixtures.serve(GraphApiMock.server(), mediaId, MediaFixtures.jpeg(640, 480), "image/jpeg",
                "0".repeat(64));
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        UnifiedMessage photo = MediaFixtures.media(pool, business, customer, UnifiedMessageType.IMAGE, mediaId,
                "image/jpeg", null, true);

        Seeds.makeDue(redis, List.of(photo));

        List<LoggedRequest> replies = Seeds.awaitReplies(business, customer, 1);
        assertEquals(NOTICE, whatsappText(replies.get(0)));
        Row fetch = row("SELECT status, attempts, failure, object_id FROM media_fetches WHERE message_id = $1",
                photo.id());
        assertEquals("failed", fetch.getString("status"));
        assertEquals(3, fetch.getInteger("attempts"), "tried again before giving up");
        assertEquals("sha256 mismatch", fetch.getString("failure"));
        assertEquals(null, fetch.getUUID("object_id"), "nothing stored");
        assertEquals(0L, scalar("SELECT count(*) FROM credit_ledger WHERE tenant_id = $1", business.tenantId()),
                "nothing charged");
    }

    @Test
    void aTelegramVoiceNoteIsFetchedThroughGetFileAndTranscribed() {
        String marker = marker();
        Seeds.Business bot = telegramBot("pro");
        String fileId = "AwACAgIAAxkB" + marker;
        String token = bot.phoneNumberId() + ":bot-token";
        byte[] ogg = MediaFixtures.resource("voice-note.ogg");
        TelegramApiMock.server().stubFor(get(urlPathEqualTo("/bot" + token + "/getFile"))
                .withQueryParam("file_id", equalTo(fileId))
                .willReturn(okJson("{\"ok\":true,\"result\":{\"file_id\":\"" + fileId + "\",\"file_unique_id\":\"u1\","
                        + "\"file_size\":" + ogg.length + ",\"file_path\":\"voice/file_" + marker + ".oga\"}}")));
        TelegramApiMock.server().stubFor(get(urlPathEqualTo("/file/bot" + token + "/voice/file_" + marker + ".oga"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream")
                        .withBody(ogg)));
        TranscriptionMock.server().stubFor(post(urlPathEqualTo("/v1/audio/transcriptions"))
                .withRequestBody(containing("whisper-test"))
                .willReturn(okJson("{\"text\":\"is the " + marker + " in stock?\",\"duration\":2}")));

        UnifiedMessage voice = MediaFixtures.media(pool, bot, customer(), UnifiedMessageType.AUDIO, fileId,
                "audio/ogg", null, true);

        awaitValue(() -> scalar("SELECT status FROM media_fetches WHERE message_id = $1", voice.id()), "ready",
                "fetched and transcribed");
        assertEquals("is the " + marker + " in stock?",
                scalar("SELECT transcript FROM media_fetches WHERE message_id = $1", voice.id()));
        assertEquals("audio/ogg", scalar("SELECT o.content_type FROM media_fetches f JOIN media_objects o ON "
                + "o.id = f.object_id WHERE f.message_id = $1", voice.id()));
        assertEquals(1, TelegramApiMock.server().findAll(getRequestedFor(urlPathEqualTo("/bot" + token + "/getFile"))
                .withQueryParam("file_id", equalTo(fileId))).size());
        // The other tests count the transcriptions they cause: this one's leaves the journal.
        TranscriptionMock.server()
                .removeServeEventsMatching(postRequestedFor(urlPathEqualTo("/v1/audio/transcriptions"))
                        .build());
    }

    @Test
    void aTelegramFileOverTheBotsDownloadLimitIsRecordedTooLargeNotRetried() {
        String marker = marker();
        Seeds.Business bot = telegramBot("pro");
        String fileId = "BQACAgIAAxkB" + marker;
        String token = bot.phoneNumberId() + ":bot-token";
        TelegramApiMock.server().stubFor(get(urlPathEqualTo("/bot" + token + "/getFile"))
                .withQueryParam("file_id", equalTo(fileId))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: file is too big\"}")));

        UnifiedMessage document = MediaFixtures.media(pool, bot, customer(), UnifiedMessageType.DOCUMENT, fileId,
                "application/pdf", "my invoice", true);

        awaitValue(() -> scalar("SELECT status FROM media_fetches WHERE message_id = $1", document.id()), "failed",
                "recorded failed");
        Row fetch = row("SELECT attempts, failure FROM media_fetches WHERE message_id = $1", document.id());
        assertEquals(1, fetch.getInteger("attempts"), "no retry makes it smaller");
        assertTrue(fetch.getString("failure").contains("20 MB"), fetch.getString("failure"));
        assertEquals(1L, scalar("SELECT count(*) FROM messages WHERE id = $1", document.id()), "never lost");
    }

    /** A tenant on {@code plan} with one Telegram bot (its token stored as the legacy plain value). */
    private Seeds.Business telegramBot(String plan) {
        UUID tenant = Seeds.rows(pool, "INSERT INTO tenants (slug, name, plan_code, credit_balance) VALUES ($1, $1, '"
                + plan + "', 100) RETURNING id", "tg-media-" + UUID.randomUUID()).get(0).getUUID(0);
        String botId = String.valueOf(7_000_000_000L + (long) (Math.random() * 900_000_000L));
        UUID account = pool.preparedQuery("INSERT INTO social_accounts (tenant_id, platform, platform_account_id, "
                + "access_token) VALUES ($1, 'telegram', $2, $3) RETURNING id")
                .execute(Tuple.of(tenant, botId, botId + ":bot-token")).await().atMost(AWAIT).iterator().next()
                .getUUID(0);
        return new Seeds.Business(tenant, account, botId);
    }

    @Test
    void anExpiredMediaIdMarksTheMediaFailedAndTheReplySaysSoAndAnswersTheCaption() {
        String marker = marker();
        String mediaId = "media-" + marker;
        MediaFixtures.expired(GraphApiMock.server(), mediaId);
        answers(marker, "{\"reply\":\"We open at 9.\",\"confidence\":0.9}");
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        UnifiedMessage photo = MediaFixtures.media(pool, business, customer, UnifiedMessageType.IMAGE, mediaId,
                "image/jpeg", "when do you open " + marker + "?", true);

        Seeds.makeDue(redis, List.of(photo));

        List<LoggedRequest> replies = Seeds.awaitReplies(business, customer, 1);
        assertEquals(NOTICE + "\n\nWe open at 9.", whatsappText(replies.get(0)));
        Row fetch = row("SELECT status, attempts, failure FROM media_fetches WHERE message_id = $1", photo.id());
        assertEquals("failed", fetch.getString("status"));
        assertEquals(1, fetch.getInteger("attempts"), "no retry makes an expired id readable");
        assertEquals("platform answered 404", fetch.getString("failure"));
        JsonNode chat = body(awaitOne(() -> llmCalls(marker), "the chat request"));
        assertEquals("[image] when do you open " + marker + "?",
                chat.path("messages").get(chat.path("messages").size() - 1).path("content").asText(),
                "the caption alone, as text");
    }

    @Test
    void mediaThePlanExcludesIsNeverDownloadedNorTranscribedAndGetsTheNoticeOnce() {
        String marker = marker();
        String mediaId = "media-" + marker;
        MediaFixtures.serve(GraphApiMock.server(), mediaId, MediaFixtures.resource("voice-note.ogg"), "audio/ogg",
                null);
        Seeds.Business business = Seeds.business(pool);
        String customer = customer();
        UnifiedMessage first = MediaFixtures.media(pool, business, customer, UnifiedMessageType.AUDIO, mediaId,
                "audio/ogg", null, false);
        UnifiedMessage second = MediaFixtures.media(pool, business, customer, UnifiedMessageType.AUDIO, mediaId,
                "audio/ogg", null, false);

        int transcribedBefore = transcriptions().size();
        Seeds.makeDue(redis, List.of(first, second));

        List<LoggedRequest> replies = Seeds.awaitReplies(business, customer, 1);
        assertEquals(PLAN_NOTICE, whatsappText(replies.get(0)), "the notice once for the two");
        Seeds.awaitStatus(pool, second.id(), "answered");
        assertEquals(0L, scalar("SELECT count(*) FROM media_fetches WHERE message_id = $1", first.id()), "no job");
        assertEquals(List.of(), GraphApiMock.server().findAll(getRequestedFor(urlPathEqualTo("/" + mediaId))),
                "never downloaded");
        assertEquals(transcribedBefore, transcriptions().size(), "never transcribed");
        assertEquals(1, Seeds.replies(business, customer).size());
    }

    @Test
    void aFetchLeftByAKilledReplicaIsTakenOverWhenItsLeaseRunsOut() {
        String marker = marker();
        String mediaId = "media-" + marker;
        MediaFixtures.serve(GraphApiMock.server(), mediaId, MediaFixtures.png(100, 80), "image/png", null);
        Seeds.Business business = Seeds.business(pool);
        UnifiedMessage photo = MediaFixtures.media(pool, business, customer(), UnifiedMessageType.IMAGE, mediaId,
                "image/png", null, true);
        // As a replica that claimed the job and died leaves it (the fetcher here may have claimed it first: then it is
        // simply claimed again).
        pool.preparedQuery("""
                UPDATE media_fetches SET status = 'fetching', attempts = 1, lease_until = now() - interval '1 second',
                                         object_id = NULL, ready_at = NULL
                WHERE message_id = $1""").execute(Tuple.of(photo.id())).await().atMost(AWAIT);

        awaitValue(() -> scalar("SELECT status FROM media_fetches WHERE message_id = $1", photo.id()), "ready",
                "taken over and finished");
        assertEquals(100, row("""
                SELECT o.width FROM media_fetches f JOIN media_objects o ON o.id = f.object_id
                WHERE f.message_id = $1""", photo.id()).getInteger(0));
    }

    static String marker() {
        return "zm" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static String customer() {
        return "43660" + (10_000_000 + (long) (Math.random() * 89_999_999));
    }

    private static void answers(String marker, String content) {
        LlmMock.server().stubFor(post(urlPathEqualTo("/v1/chat/completions")).withRequestBody(containing(marker))
                .willReturn(okJson(JsonCodec.encode(Map.of("choices", List.of(Map.of("message",
                        Map.of("role", "assistant", "content", content))))))));
    }

    private static List<LoggedRequest> llmCalls(String marker) {
        return LlmMock.server().findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(marker)));
    }

    private static List<LoggedRequest> transcriptions() {
        return TranscriptionMock.server().findAll(postRequestedFor(urlPathEqualTo("/v1/audio/transcriptions"))
                .withRequestBody(containing("whisper-test")));
    }

    static String whatsappText(LoggedRequest request) {
        return body(request).path("text").path("body").asText();
    }

    static JsonNode body(LoggedRequest request) {
        return JsonCodec.decode(request.getBodyAsString(), JsonNode.class);
    }

    private Row row(String sql, Object parameter) {
        List<Row> rows = Seeds.rows(pool, sql, parameter);
        assertEquals(1, rows.size(), sql);
        return rows.get(0);
    }

    private Object scalar(String sql, Object parameter) {
        List<Row> rows = Seeds.rows(pool, sql, parameter);
        return rows.isEmpty() ? null : rows.get(0).getValue(0);
    }

    private static <T> T awaitOne(Supplier<List<T>> probe, String what) {
        Instant giveUp = Instant.now().plus(AWAIT);
        List<T> found = probe.get();
        while (found.isEmpty() && Instant.now().isBefore(giveUp)) {
            Seeds.pause(20);
            found = probe.get();
        }
        assertEquals(1, found.size(), what);
        return found.get(0);
    }

    private static void awaitValue(Supplier<Object> probe, Object expected, String what) {
        Instant giveUp = Instant.now().plus(AWAIT);
        Object value = probe.get();
        while (!expected.equals(value) && Instant.now().isBefore(giveUp)) {
            Seeds.pause(20);
            value = probe.get();
        }
        assertEquals(expected, value, what);
    }
}
