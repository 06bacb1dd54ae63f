package io.socialsync.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.socialsync.ingest.platform.meta.MetaSignature;

/** Real-shaped deliveries from {@code src/test/resources/webhooks/}, made unique so that reruns on one database work. */
final class Deliveries {

    static final String SECRET = "test-app-secret";
    static final String ACCOUNT = "109000000000001";
    static final String FIXTURE_WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
    static final String FIXTURE_CUSTOMER = "16505551234";

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
        String wamid = "wamid.test-" + UUID.randomUUID();
        String customer = String.valueOf(10_000_000_000L + (long) (Math.random() * 89_999_999_999L));
        String body = fixture("whatsapp/text.json").replace(FIXTURE_WAMID, wamid).replace(FIXTURE_CUSTOMER, customer);
        return new Text(body, wamid, customer);
    }

    static String sign(String body) {
        return MetaSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    record Text(String body, String wamid, String customer) {
    }
}
