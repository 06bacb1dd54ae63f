package io.socialsync.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.socialsync.model.HubSignature;

/** Real-shaped deliveries from {@code src/test/resources/webhooks/}, made unique so that reruns on one database work. */
final class Deliveries {

    static final String SECRET = "test-app-secret";
    static final String INSTAGRAM_SECRET = "test-instagram-secret";
    static final String FACEBOOK_SECRET = "test-facebook-secret";
    static final String ACCOUNT = "109000000000001";
    static final String INSTAGRAM_ACCOUNT = "17841400000000001";
    static final String FIXTURE_WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
    /** Prefix of every inbound wamid in the WhatsApp fixtures. */
    static final String WAMID_PREFIX = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRB";
    /** The wamid of our reply that statuses, reactions and context point at. */
    static final String OUR_WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA";
    static final String FIXTURE_CUSTOMER = "16505551234";
    static final String FIXTURE_USER_ID = "US.13491208655302741918";
    static final String IG_MID = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI3NjE0NzY5"
            + "MTk5ODQ4NTk0NTozMTg2NzYxMjAwMDAwMDAwMDAw";
    static final String IG_OUR_MID = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI3NjE0"
            + "NzY5MTk5ODQ4NTk0NTozMTg2NzYxMjAwMDAwMDAwT1VS";
    static final String IG_CUSTOMER = "1234567890123456";

    private Deliveries() {
    }

    static String fixture(String path) {
        try (InputStream in = Deliveries.class.getResourceAsStream("/webhooks/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The WhatsApp text fixture from a fresh customer, with a fresh message id. */
    static Text whatsappText() {
        Fixture fixture = whatsapp("text");
        return new Text(fixture.body(), fixture.messageId(FIXTURE_WAMID), fixture.customer());
    }

    /**
     * A WhatsApp fixture with fresh ids: a fresh customer, every inbound wamid and our reply's wamid suffixed with a
     * fresh run id.
     */
    static Fixture whatsapp(String name) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = String.valueOf(10_000_000_000L + ThreadLocalRandom.current().nextLong(89_999_999_999L));
        return whatsapp(name, run, customer);
    }

    /** Another WhatsApp fixture of the same customer and run as {@code like}. */
    static Fixture whatsapp(String name, Fixture like) {
        return whatsapp(name, like.run(), like.customer());
    }

    private static Fixture whatsapp(String name, String run, String customer) {
        String body = fixture("whatsapp/" + name + ".json")
                .replace(WAMID_PREFIX, WAMID_PREFIX + run)
                .replace(OUR_WAMID, OUR_WAMID + run)
                .replace(FIXTURE_CUSTOMER, customer)
                .replace(FIXTURE_USER_ID, FIXTURE_USER_ID + run);
        return new Fixture(body, run, customer, "whatsapp");
    }

    /** An Instagram fixture with a fresh customer and fresh message ids. */
    static Fixture instagram(String name) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = String.valueOf(1_000_000_000_000_000L
                + ThreadLocalRandom.current().nextLong(8_000_000_000_000_000L));
        String body = fixture("instagram/" + name + ".json")
                .replace(IG_MID, IG_MID + run)
                .replace(IG_OUR_MID, IG_OUR_MID + run)
                .replace(IG_CUSTOMER, customer);
        return new Fixture(body, run, customer, "instagram");
    }

    /** Sleeps in a test that polls; an interrupt fails the test. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of one Prometheus sample of the running app (name with its labels), 0 when absent. */
    static double metric(String sample) {
        String metrics = io.restassured.RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract()
                .asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }

    static String sign(String body) {
        return HubSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    static String signInstagram(String body) {
        return HubSignature.sign(INSTAGRAM_SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    record Text(String body, String wamid, String customer) {
    }

    /** A delivery made unique: {@code run} is the suffix given to its message ids. */
    record Fixture(String body, String run, String customer, String platform) {

        /** A fixture message id as it is in this delivery. */
        String messageId(String fixtureId) {
            if (fixtureId.startsWith(WAMID_PREFIX)) {
                return WAMID_PREFIX + run + fixtureId.substring(WAMID_PREFIX.length());
            }
            return fixtureId + run;
        }

        String ourMessageId() {
            return platform.equals("whatsapp") ? OUR_WAMID + run : IG_OUR_MID + run;
        }

        String signature() {
            return platform.equals("whatsapp") ? sign(body) : signInstagram(body);
        }
    }
}
