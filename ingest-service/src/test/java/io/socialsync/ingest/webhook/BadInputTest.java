package io.socialsync.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.socialsync.model.HubSignature;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Row;

/** Bad input, one rule: a clear answer, nothing lost, nothing half-stored, never a 5xx. One test per case. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
class BadInputTest {

    @Inject
    Store store;

    @Test
    void aMissingSignatureIs401AndStoresNothing() {
        Deliveries.Fixture delivery = Deliveries.whatsapp("image");
        given().contentType(ContentType.JSON).body(delivery.body()).when().post("/webhooks/whatsapp")
                .then().statusCode(401).contentType("application/problem+json");
        assertNothingStored(Deliveries.WAMID_PREFIX + delivery.run() + "IMG1", delivery.customer());
    }

    @Test
    void aForgedSignatureIs401AndStoresNothing() {
        Deliveries.Fixture delivery = Deliveries.instagram("text");
        String forged = HubSignature.sign("not-the-secret", delivery.body().getBytes(StandardCharsets.UTF_8));
        post("instagram", delivery.body(), forged).statusCode(401).body("status", equalTo(401));
        String tampered = delivery.body().replace("Lisbon", "Lisboa");
        post("instagram", tampered, delivery.signature()).statusCode(401);
        post("instagram", delivery.body(), "sha256=zz").statusCode(401);
        assertNothingStored(Deliveries.IG_MID + delivery.run() + "T", delivery.customer());
    }

    @Test
    void malformedJsonIs400() {
        for (String body : new String[]{"{\"object\": \"instagram\", \"entry\": [", "[]", "\"text\"", "null",
                "{\"object\": 42}", "{\"object\":\"page\",\"entry\":[]}"}) {
            post("instagram", body, Deliveries.signInstagram(body)).statusCode(400)
                    .contentType("application/problem+json");
            post("whatsapp", body, Deliveries.sign(body)).statusCode(400);
        }
        byte[] notUtf8 = {'{', '"', (byte) 0xC3, '"', ':', '1', '}'};
        given().contentType(ContentType.JSON).header("X-Hub-Signature-256", HubSignature.sign(Deliveries.SECRET,
                notUtf8)).body(notUtf8).when().post("/webhooks/whatsapp").then().statusCode(400);
    }

    @Test
    void aBodyOver3MegabytesIs413() {
        Deliveries.Fixture delivery = Deliveries.whatsapp("text");
        String huge = delivery.body().replace("Does it come in another color?", "a".repeat(3 * 1024 * 1024 + 10));
        post("whatsapp", huge, Deliveries.sign(huge)).statusCode(413);
        assertEquals(0, store.messages(delivery.messageId(Deliveries.FIXTURE_WAMID)).size());
    }

    @Test
    void aWrongContentTypeIs415() {
        Deliveries.Fixture delivery = Deliveries.instagram("text");
        given().contentType(ContentType.XML).header("X-Hub-Signature-256", delivery.signature())
                .body(delivery.body()).when().post("/webhooks/instagram")
                .then().statusCode(415).contentType("application/problem+json");
        assertNothingStored(Deliveries.IG_MID + delivery.run() + "T", delivery.customer());
    }

    @Test
    void anUnknownAccountIs200AndCountedAsIgnored() {
        double before = ignoredCount("instagram");
        Deliveries.Fixture delivery = Deliveries.instagram("text");
        String elsewhere = delivery.body().replace(Deliveries.INSTAGRAM_ACCOUNT, "17841499999999999");
        post("instagram", elsewhere, Deliveries.signInstagram(elsewhere)).statusCode(200)
                .body("outcome", equalTo("IGNORED")).body("ignored", equalTo(1));
        assertEquals(before + 1, ignoredCount("instagram"));
        assertNothingStored(Deliveries.IG_MID + delivery.run() + "T", delivery.customer());
    }

    @Test
    void anUnknownMessageTypeIsStoredAsUnsupported() {
        Deliveries.Fixture delivery = Deliveries.whatsapp("text");
        String body = delivery.body().replace("\"type\": \"text\"", "\"type\": \"hologram\"");
        post("whatsapp", body, Deliveries.sign(body)).statusCode(200).body("stored", equalTo(1));
        Row row = store.message(delivery.messageId(Deliveries.FIXTURE_WAMID));
        assertEquals("unsupported", row.getString("type"));
        assertEquals("unsupported; type hologram", row.getString("status_detail"));
        assertEquals(false, row.getBoolean("plan_allowed"), "answered with the notice, never by the AI");
    }

    @Test
    void absurdButSignedValuesAreStoredWithoutA5xx() {
        Deliveries.Fixture delivery = Deliveries.whatsapp("text");
        String body = delivery.body()
                .replace("\"1749416383\"", "\"99999999999999999999\"")
                .replace("Does it come in another color?", "nul \\u0000 inside");
        post("whatsapp", body, Deliveries.sign(body)).statusCode(200).body("stored", equalTo(1));
        Row row = store.message(delivery.messageId(Deliveries.FIXTURE_WAMID));
        assertTrue(row.getString("text").startsWith("nul  inside"), "NUL removed: PostgreSQL refuses it in text");
    }

    @Test
    void aPlatformWeDoNotServeIs404() {
        given().contentType(ContentType.JSON).body("{}").when().post("/webhooks/myspace").then().statusCode(404);
    }

    private void assertNothingStored(String platformMessageId, String customer) {
        assertEquals(0, store.messages(platformMessageId).size());
        assertEquals(0, store.count("SELECT count(*)::int FROM contacts WHERE platform_contact_id = $1", customer));
        assertEquals(0, store.enqueued(platformMessageId).size());
    }

    private static double ignoredCount(String platform) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("socialsync_webhooks_total\\{outcome=\"ignored\",platform=\"" + platform
                + "\"} ([0-9.E]+)").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static io.restassured.response.ValidatableResponse post(String platform, String body, String signature) {
        return given().contentType(ContentType.JSON).header("X-Hub-Signature-256", signature).body(body)
                .when().post("/webhooks/" + platform).then();
    }
}
