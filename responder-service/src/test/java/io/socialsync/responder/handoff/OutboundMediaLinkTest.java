package io.socialsync.responder.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.socialsync.model.JsonCodec;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.TelegramApiMock;
import io.socialsync.responder.media.MediaFixtures;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * WhatsApp by link: with a public base URL for the links ({@code auto} then sends by link), Meta is given the signed
 * link of the stored object and no upload is made; the link reads the document.
 */
@QuarkusTest
@TestProfile(OutboundMediaLinkTest.PublicLinks.class)
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TelegramApiMock.class, scope = TestResourceScope.GLOBAL)
class OutboundMediaLinkTest {

    /** The responder's links name a public host, as in production. */
    public static class PublicLinks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("socialsync.media.links.public-base-url", "https://responder.example.com");
        }
    }

    @Inject
    Pool pool;

    /**
     * This class starts its own application: its first send warms the Graph API client and the mock (seconds on a
     * loaded machine, more than the test profile's 2 s read timeout), so that the send under test is not the first.
     */
    @BeforeEach
    void warmUp() {
        OutboundMediaTest.Conversation other = OutboundMediaTest.conversation(pool, "whatsapp", OffsetDateTime.now());
        OutboundMediaTest.asTenant(other).contentType(ContentType.JSON).body("{\"text\":\"warming up\"}").when()
                .post("/admin/conversations/{id}/replies", other.id()).then().statusCode(anyOf(is(200), is(202)));
    }

    @Test
    void aDocumentGoesToWhatsAppByTheStoresSignedLinkWithItsNameAndCaption() {
        OutboundMediaTest.Conversation conversation = OutboundMediaTest.conversation(pool, "whatsapp",
                OffsetDateTime.now());
        byte[] pdf = MediaFixtures.pdf("Return label 7781");

        OutboundMediaTest.asTenant(conversation).multiPart("file", "return-label.pdf", pdf, "application/pdf")
                .multiPart("caption", "Print this label, please.").when()
                .post("/admin/conversations/{id}/replies", conversation.id()).then().statusCode(200);

        List<LoggedRequest> sends = GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/"
                + conversation.platformAccountId() + "/messages")).withRequestBody(matchingJsonPath("$.to",
                        equalTo(conversation.customer()))));
        assertEquals(1, sends.size());
        JsonNode document = JsonCodec.decode(sends.get(0).getBodyAsString(), JsonNode.class).path("document");
        String link = document.path("link").asText();
        assertTrue(link.startsWith("https://responder.example.com/media/") && link.contains("signature="), link);
        assertFalse(document.has("id"));
        assertEquals("return-label.pdf", document.path("filename").asText());
        assertEquals("Print this label, please.", document.path("caption").asText());
        assertEquals(0, GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/"
                + conversation.platformAccountId() + "/media"))).size(), "no upload");
        URI signed = URI.create(link);
        byte[] read = given().when().get(signed.getRawPath() + "?" + signed.getRawQuery()).then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        assertEquals(pdf.length, read.length, "the link reads the document as uploaded");
    }
}
