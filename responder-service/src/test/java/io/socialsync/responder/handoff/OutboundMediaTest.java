package io.socialsync.responder.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.socialsync.model.JsonCodec;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.TelegramApiMock;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.responder.media.MediaFixtures;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A person's image or document in a handoff reply: checked, stored like inbound media, and sent the platform's way
 * (WhatsApp by upload here, where the test's links name localhost; Instagram as an attachment by link; Telegram by
 * sendDocument), exactly once per Idempotency-Key and within the window's rules.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TelegramApiMock.class, scope = TestResourceScope.GLOBAL)
class OutboundMediaTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    /** One business on one platform with one customer whose conversation waits for a person. */
    record Conversation(UUID tenantId, String slug, String platformAccountId, String customer, UUID id) {
    }

    @Test
    void anImageGoesToWhatsAppByUploadResizedWithItsCaptionAndTheViewLinksIt() throws IOException {
        Conversation conversation = conversation(pool, "whatsapp", OffsetDateTime.now());

        JsonNode sent = JsonCodec.decode(asTenant(conversation)
                .multiPart("file", "photo.jpg", MediaFixtures.jpeg(4000, 3000), "image/jpeg")
                .multiPart("caption", "Here is the helmet in blue.")
                .when().post("/admin/conversations/{id}/replies", conversation.id()).then().statusCode(200)
                .body("platformMessageIds.size()", is(1)).extract().asString(), JsonNode.class);

        LoggedRequest upload = one(GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/"
                + conversation.platformAccountId() + "/media"))));
        assertTrue(upload.getHeader("Content-Type").startsWith("multipart/form-data"));
        assertTrue(upload.getBodyAsString().contains("whatsapp"), "messaging_product");
        assertEquals("Bearer token-of-" + conversation.platformAccountId(), upload.getHeader("Authorization"));
        JsonNode message = body(one(whatsappSends(conversation)));
        assertEquals("image", message.path("type").asText());
        assertTrue(message.path("image").path("id").asText().startsWith("upload-"), message.toString());
        assertFalse(message.path("image").has("link"));
        assertEquals("Here is the helmet in blue.", message.path("image").path("caption").asText());
        assertTrue(message.hasNonNull("biz_opaque_callback_data"), "the part's tag, for the status webhooks");

        Row part = row(pool, "SELECT type, text, status, media_object_id, media_mime_type, platform_message_id "
                + "FROM messages WHERE conversation_id = $1 AND direction = 'outbound'", conversation.id());
        assertEquals("image", part.getString("type"));
        assertEquals("Here is the helmet in blue.", part.getString("text"));
        assertEquals("sent", part.getString("status"));
        assertEquals("image/jpeg", part.getString("media_mime_type"));
        assertEquals(sent.path("platformMessageIds").get(0).asText(), part.getString("platform_message_id"));
        Row object = row(pool, "SELECT width, height, tenant_id FROM media_objects WHERE id = $1",
                part.getUUID("media_object_id"));
        assertEquals(768, object.getInteger("width"), "resized like a customer's photo");
        assertEquals(576, object.getInteger("height"));
        assertEquals(conversation.tenantId(), object.getUUID("tenant_id"));

        JsonNode view = JsonCodec.decode(asTenant(conversation).when()
                .get("/admin/conversations/{id}/messages", conversation.id()).then().statusCode(200).extract()
                .asString(), JsonNode.class);
        JsonNode shown = view.get(view.size() - 1);
        assertEquals("image", shown.path("type").asText());
        assertEquals(part.getUUID("media_object_id").toString(), shown.path("media").path("id").asText());
        String link = shown.path("media").path("url").asText();
        assertTrue(link.contains("/media/" + part.getUUID("media_object_id")) && link.contains("signature="), link);
        URI signed = URI.create(link);
        byte[] fetched = given().when().get(signed.getRawPath() + "?" + signed.getRawQuery()).then().statusCode(200)
                .contentType("image/jpeg").extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(fetched));
        assertEquals(768, image.getWidth());
    }

    @Test
    void aDocumentGoesToInstagramAsAFileAttachmentByLinkAndTheCaptionFollowsAsText() {
        Conversation conversation = conversation(pool, "instagram", OffsetDateTime.now());

        asTenant(conversation)
                .multiPart("file", "invoice-0042.pdf", MediaFixtures.pdf("Invoice 0042"), "application/pdf")
                .multiPart("caption", "Your invoice, as promised.")
                .when().post("/admin/conversations/{id}/replies", conversation.id()).then().statusCode(200)
                .body("platformMessageIds.size()", is(2));

        List<LoggedRequest> sends = GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/"
                + conversation.platformAccountId() + "/messages")).withRequestBody(matchingJsonPath("$.recipient.id",
                        equalTo(conversation.customer()))));
        assertEquals(2, sends.size(), "the file, then the caption as a text: Instagram takes no caption");
        JsonNode attachment = body(sends.get(0)).path("message").path("attachment");
        assertEquals("file", attachment.path("type").asText());
        String url = attachment.path("payload").path("url").asText();
        assertTrue(url.contains("/media/") && url.contains("expires=") && url.contains("signature="), url);
        assertFalse(body(sends.get(0)).has("tag"), "inside the window: no tag");
        assertEquals("Your invoice, as promised.", body(sends.get(1)).path("message").path("text").asText());
        List<Row> parts = rows(pool, "SELECT type, text, media_filename FROM messages WHERE conversation_id = $1 "
                + "AND direction = 'outbound' ORDER BY part", conversation.id());
        assertEquals("document", parts.get(0).getString("type"));
        assertNull(parts.get(0).getString("text"));
        assertEquals("invoice-0042.pdf", parts.get(0).getString("media_filename"));
        assertEquals("text", parts.get(1).getString("type"));
    }

    @Test
    void anInstagramAttachmentAfterTheWindowIsTaggedHumanAgent() {
        Conversation conversation = conversation(pool, "instagram", OffsetDateTime.now().minusDays(2));

        asTenant(conversation)
                .multiPart("file", "size-chart.png", MediaFixtures.png(300, 200), "image/png")
                .when().post("/admin/conversations/{id}/replies", conversation.id()).then().statusCode(200);

        JsonNode sent = body(one(GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/"
                + conversation.platformAccountId() + "/messages")).withRequestBody(matchingJsonPath("$.recipient.id",
                        equalTo(conversation.customer()))))));
        assertEquals("image", sent.path("message").path("attachment").path("type").asText());
        assertEquals("HUMAN_AGENT", sent.path("tag").asText());
        assertEquals("MESSAGE_TAG", sent.path("messaging_type").asText());
    }

    @Test
    void aDocumentGoesToTelegramBySendDocumentWithItsCaption() {
        Conversation conversation = conversation(pool, "telegram", OffsetDateTime.now());

        String id = asTenant(conversation)
                .multiPart("file", "manual.pdf", MediaFixtures.pdf("Assembly manual"), "application/pdf")
                .multiPart("caption", "The manual for your bike rack.")
                .when().post("/admin/conversations/{id}/replies", conversation.id()).then().statusCode(200)
                .extract().jsonPath().getString("platformMessageIds[0]");

        LoggedRequest sent = one(TelegramApiMock.server().findAll(postRequestedFor(urlPathMatching(
                TelegramApiMock.method("sendDocument"))).withRequestBody(containing(conversation.customer()))));
        assertTrue(sent.getHeader("Content-Type").startsWith("multipart/form-data"));
        String form = sent.getBodyAsString();
        assertTrue(form.contains("name=\"document\"") && form.contains("filename=\"manual.pdf\""), "the file part");
        assertTrue(form.contains("%PDF-"), "the document itself is uploaded");
        assertTrue(form.contains("The manual for your bike rack."), "the caption travels with it");
        assertTrue(sent.getUrl().startsWith("/bot" + conversation.platformAccountId() + ":"), "the bot's token");
        assertTrue(id.startsWith(conversation.customer() + ":"), "message ids are <chat>:<message id>: " + id);
        assertEquals(0, TelegramApiMock.server().findAll(postRequestedFor(urlPathMatching(
                TelegramApiMock.method("sendMessage"))).withRequestBody(containing(conversation.customer()))).size(),
                "the caption fits: no text part");
    }

    @Test
    void anUploadTooLargeOrOfTheWrongTypeIsRefusedAndNothingIsSent() {
        Conversation conversation = conversation(pool, "whatsapp", OffsetDateTime.now());

        problem(asTenant(conversation).multiPart("file", "big.pdf", pdfOf(300_000), "application/pdf"), conversation,
                413);
        problem(asTenant(conversation).multiPart("file", "page.html", "<html></html>".getBytes(), "text/html"),
                conversation, 415);
        problem(asTenant(conversation).multiPart("file", "fake.png", "not a picture".getBytes(), "image/png"),
                conversation, 415);
        problem(asTenant(conversation).multiPart("file", "fake.pdf", "not a pdf".getBytes(), "application/pdf"),
                conversation, 415);
        asTenant(conversation).multiPart("caption", "no file").when()
                .post("/admin/conversations/{id}/replies", conversation.id()).then().statusCode(400);

        assertEquals(0, whatsappSends(conversation).size());
        assertEquals(0L, count(pool, "SELECT count(*) FROM messages WHERE conversation_id = $1 AND direction = "
                + "'outbound'", conversation.id()));
        assertEquals(0L, count(pool, "SELECT count(*) FROM media_objects WHERE tenant_id = $1",
                conversation.tenantId()), "nothing stored");
    }

    @Test
    void aReplayWithTheSameIdempotencyKeySendsOnce() {
        Conversation conversation = conversation(pool, "whatsapp", OffsetDateTime.now());
        byte[] photo = MediaFixtures.jpeg(640, 480);

        String first = asTenant(conversation).header("Idempotency-Key", "photo-1")
                .multiPart("file", "photo.jpg", photo, "image/jpeg").when()
                .post("/admin/conversations/{id}/replies", conversation.id()).then().statusCode(200).extract()
                .jsonPath().getString("platformMessageIds[0]");
        String again = asTenant(conversation).header("Idempotency-Key", "photo-1")
                .multiPart("file", "photo.jpg", photo, "image/jpeg").when()
                .post("/admin/conversations/{id}/replies", conversation.id()).then().statusCode(200).extract()
                .jsonPath().getString("platformMessageIds[0]");

        assertEquals(first, again, "the same reply");
        assertEquals(1, whatsappSends(conversation).size(), "sent once");
        assertEquals(1, GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/"
                + conversation.platformAccountId() + "/media"))).size(), "uploaded once");
        assertEquals(1L, count(pool, "SELECT count(*) FROM media_objects WHERE tenant_id = $1",
                conversation.tenantId()), "stored once");
    }

    @Test
    void whatsAppMediaAfterTheWindowIs409AndNothingIsStoredOrSent() {
        Conversation conversation = conversation(pool, "whatsapp", OffsetDateTime.now().minusDays(2));

        String detail = asTenant(conversation).multiPart("file", "photo.jpg", MediaFixtures.jpeg(64, 48),
                "image/jpeg").when().post("/admin/conversations/{id}/replies", conversation.id()).then()
                .statusCode(409).contentType("application/problem+json").extract().jsonPath().getString("detail");

        assertTrue(detail.contains("24 hours"), detail);
        assertEquals(0, whatsappSends(conversation).size());
        assertEquals(0L, count(pool, "SELECT count(*) FROM media_objects WHERE tenant_id = $1",
                conversation.tenantId()));
    }

    @Test
    void anOutboundObjectGoesWithItsMessagesRedaction() {
        Conversation conversation = conversation(pool, "whatsapp", OffsetDateTime.now());
        asTenant(conversation).multiPart("file", "photo.jpg", MediaFixtures.jpeg(120, 90), "image/jpeg").when()
                .post("/admin/conversations/{id}/replies", conversation.id()).then().statusCode(200);
        UUID object = row(pool, "SELECT media_object_id FROM messages WHERE conversation_id = $1 AND direction = "
                + "'outbound'", conversation.id()).getUUID(0);
        assertNotNull(object);

        // Retention's redaction drops the reference; the object goes with its last one.
        pool.preparedQuery("UPDATE messages SET redacted_at = now(), text = NULL WHERE conversation_id = $1 AND "
                + "direction = 'outbound'").execute(Tuple.of(conversation.id())).await().atMost(WAIT);

        assertNull(row(pool, "SELECT media_object_id FROM messages WHERE conversation_id = $1 AND direction = "
                + "'outbound'", conversation.id()).getValue(0));
        assertEquals(0L, count(pool, "SELECT count(*) FROM media_objects WHERE id = $1", object));
    }

    private void problem(RequestSpecification request, Conversation conversation, int status) {
        ValidatableResponse answer = request.when().post("/admin/conversations/{id}/replies", conversation.id())
                .then().statusCode(status);
        answer.contentType("application/problem+json");
    }

    /** A PDF of about {@code size} bytes: the header, then filler. */
    private static byte[] pdfOf(int size) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) ' ');
        System.arraycopy("%PDF-1.4\n".getBytes(), 0, bytes, 0, 9);
        return bytes;
    }

    private static List<LoggedRequest> whatsappSends(Conversation conversation) {
        return GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/" + conversation.platformAccountId()
                + "/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(conversation.customer()))));
    }

    private static LoggedRequest one(List<LoggedRequest> requests) {
        assertEquals(1, requests.size(), "one request");
        return requests.get(0);
    }

    private static JsonNode body(LoggedRequest request) {
        return JsonCodec.decode(request.getBodyAsString(), JsonNode.class);
    }

    /**
     * A tenant with one account on {@code platform} and a customer whose last message arrived at {@code lastInbound},
     * waiting for a person.
     */
    static Conversation conversation(Pool pool, String platform, OffsetDateTime lastInbound) {
        String slug = "media-out-" + UUID.randomUUID();
        UUID tenant = pool.preparedQuery("INSERT INTO tenants (slug, name, plan_code, credit_balance) VALUES ($1, $1, "
                + "'starter', 100) RETURNING id").execute(Tuple.of(slug)).await().atMost(WAIT).iterator().next()
                .getUUID(0);
        String accountId = String.valueOf(100_000_000L + (long) (Math.random() * 800_000_000L));
        String token = "telegram".equals(platform) ? accountId + ":bot-token" : "token-of-" + accountId;
        UUID account = pool.preparedQuery("INSERT INTO social_accounts (tenant_id, platform, platform_account_id, "
                + "access_token) VALUES ($1, $2, $3, $4) RETURNING id")
                .execute(Tuple.of(tenant, platform, accountId, token)).await().atMost(WAIT).iterator().next()
                .getUUID(0);
        String customer = String.valueOf(4_915_000_000_000L + (long) (Math.random() * 90_000_000_000L));
        UUID contact = pool.preparedQuery("INSERT INTO contacts (account_id, platform_contact_id) VALUES ($1, $2) "
                + "RETURNING id").execute(Tuple.of(account, customer)).await().atMost(WAIT).iterator().next()
                .getUUID(0);
        UUID conversation = pool.preparedQuery("INSERT INTO conversations (tenant_id, account_id, contact_id, status) "
                + "VALUES ($1, $2, $3, 'waiting_for_human') RETURNING id").execute(Tuple.of(tenant, account, contact))
                .await().atMost(WAIT).iterator().next().getUUID(0);
        pool.preparedQuery("INSERT INTO messages (id, conversation_id, account_id, direction, type, text, "
                + "platform_message_id, status, sent_at) VALUES (gen_random_uuid(), $1, $2, 'inbound', 'text', "
                + "'can you send me the file?', $3, 'awaiting_human', $4)")
                .execute(Tuple.of(conversation, account, "in-" + UUID.randomUUID(), lastInbound)).await()
                .atMost(WAIT);
        return new Conversation(tenant, slug, accountId, customer, conversation);
    }

    /** A request signed with a key the operator made for the conversation's tenant. */
    static RequestSpecification asTenant(Conversation conversation) {
        String key = given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).contentType(ContentType.JSON)
                .body("{\"name\":\"media test\"}").when().post("/admin/tenants/{slug}/api-keys", conversation.slug())
                .then().statusCode(201).extract().jsonPath().getString("key");
        return given().header("Authorization", "Bearer " + key);
    }

    static Row row(Pool pool, String sql, Object parameter) {
        return rows(pool, sql, parameter).get(0);
    }

    static List<Row> rows(Pool pool, String sql, Object parameter) {
        List<Row> found = new java.util.ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(WAIT).forEach(found::add);
        return found;
    }

    static long count(Pool pool, String sql, Object parameter) {
        return row(pool, sql, parameter).getLong(0);
    }
}
