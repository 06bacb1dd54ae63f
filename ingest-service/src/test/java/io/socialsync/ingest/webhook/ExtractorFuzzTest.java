package io.socialsync.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.ingest.platform.instagram.InstagramWebhook;
import io.socialsync.ingest.platform.whatsapp.WhatsAppWebhook;
import io.socialsync.model.HubSignature;
import io.socialsync.testsupport.RealServersResource;

/**
 * Thousands of mutated real deliveries through the extractors (no exception but "malformed" may escape, and nothing
 * read may be refused by PostgreSQL), and a few hundred through the HTTP route (never a 5xx).
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class ExtractorFuzzTest {

    private static final List<String> WHATSAPP = List.of("text", "image", "audio", "video", "document", "sticker",
            "location", "contacts", "interactive-button-reply", "interactive-list-reply", "button", "reaction",
            "reaction-removed", "unsupported", "reply-context", "username-only", "multiple", "status-sent",
            "status-read", "status-failed", "status-delivered");
    private static final List<String> INSTAGRAM = List.of("text", "image", "video", "audio", "file", "share",
            "story-mention", "reel", "story-reply", "reaction", "unreact", "postback", "deleted", "read", "echo",
            "multiple");
    private static final long UNIT_BUDGET_MS = 6_000;

    @Inject
    WhatsAppWebhook whatsapp;

    @Inject
    InstagramWebhook instagram;

    @Test
    void thousandsOfMutatedDeliveriesNeverThrowAnythingButMalformed() {
        long seed = System.nanoTime();
        Mutations mutations = new Mutations(seed);
        Map<WebhookPlatform, List<String>> fixtures = Map.of(whatsapp, WHATSAPP, instagram, INSTAGRAM);
        long deadline = System.currentTimeMillis() + UNIT_BUDGET_MS;
        int runs = 0;
        int read = 0;
        while (runs < 5_000 && System.currentTimeMillis() < deadline) {
            for (var entry : fixtures.entrySet()) {
                String fixture = Deliveries.fixture(entry.getKey().platform().wire() + "/"
                        + entry.getValue().get(runs % entry.getValue().size()) + ".json");
                byte[] body = mutations.mutate(fixture);
                try {
                    WebhookDelivery delivery = entry.getKey().extract(WebhookRequest.ofBody(body));
                    assertStorable(delivery);
                    read++;
                } catch (MalformedPayloadException expected) {
                    assertNotNull(expected.getMessage());
                } catch (RuntimeException | AssertionError e) {
                    fail("seed " + seed + ", run " + runs + ": " + new String(body, StandardCharsets.UTF_8), e);
                }
                runs++;
            }
        }
        assertTrue(runs >= 2_000, "only " + runs + " mutations in the time budget");
        assertTrue(read > runs / 3, "most mutations are valid JSON and must be read: " + read + " of " + runs);
    }

    @Test
    void hundredsOfMutatedSignedDeliveriesNeverGetA5xx() {
        long seed = System.nanoTime();
        Mutations mutations = new Mutations(seed);
        for (int run = 0; run < 300; run++) {
            boolean onWhatsApp = run % 2 == 0;
            List<String> names = onWhatsApp ? WHATSAPP : INSTAGRAM;
            Deliveries.Fixture fixture = onWhatsApp
                    ? Deliveries.whatsapp(names.get(run % names.size()))
                    : Deliveries.instagram(names.get(run % names.size()));
            byte[] body = mutations.mutate(fixture.body());
            String secret = onWhatsApp ? Deliveries.SECRET : Deliveries.INSTAGRAM_SECRET;
            int status = given().contentType(ContentType.JSON)
                    .header("X-Hub-Signature-256", HubSignature.sign(secret, body))
                    .body(body)
                    .when().post("/webhooks/" + fixture.platform())
                    .then().extract().statusCode();
            if (status != 200 && status != 400) {
                fail("seed " + seed + ", run " + run + " answered " + status + ": "
                        + new String(body, StandardCharsets.UTF_8));
            }
        }
    }

    /** Whatever was read must be something PostgreSQL takes: no NUL, ids fit an index, credible times. */
    private static void assertStorable(WebhookDelivery delivery) {
        Instant earliest = Instant.parse("2010-01-01T00:00:00Z");
        Instant latest = Instant.now().plusSeconds(2 * 86_400);
        for (ExtractedMessage message : delivery.messages()) {
            assertId(message.accountId());
            assertId(message.contactId());
            assertId(message.platformMessageId());
            assertNotNull(message.type());
            assertNoNul(message.text());
            assertNoNul(message.contactName());
            assertNoNul(message.detail());
            assertNoNul(message.replyToId());
            if (message.media() != null) {
                assertNoNul(message.media().id());
                assertNoNul(message.media().url());
                assertNoNul(message.media().mimeType());
            }
            assertTrue(message.sentAt().isAfter(earliest) && message.sentAt().isBefore(latest));
        }
        for (StatusUpdate status : delivery.statuses()) {
            assertId(status.accountId());
            assertId(status.platformMessageId());
            assertNoNul(status.detail());
        }
        for (Echo echo : delivery.echoes()) {
            assertId(echo.accountId());
            assertId(echo.contactId());
            assertId(echo.platformMessageId());
            assertNoNul(echo.text());
        }
    }

    private static void assertId(String id) {
        assertNotNull(id);
        assertTrue(!id.isBlank() && id.length() <= 1200 && id.indexOf('\u0000') < 0, id);
    }

    private static void assertNoNul(String text) {
        assertTrue(text == null || text.indexOf('\u0000') < 0);
    }
}
