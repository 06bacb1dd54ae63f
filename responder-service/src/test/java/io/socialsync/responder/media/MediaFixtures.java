package io.socialsync.responder.media;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.MediaReference;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.Seeds;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Real small media files made by the tests, the fake Graph API serving them, and media messages as ingest stores them. */
public final class MediaFixtures {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MediaFixtures() {
    }

    /** A JPEG photo of {@code width} × {@code height} with a gradient (so it compresses like a photo, not a flat fill). */
    public static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(240, 180, 60)));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return encode(image, "jpg");
    }

    /** A PNG with transparency. */
    public static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0, 160, 80, 200));
        g.fillRect(width / 8, height / 8, width * 3 / 4, height * 3 / 4);
        g.dispose();
        return encode(image, "png");
    }

    /** A one-page PDF saying {@code text}, made with PDFBox. */
    public static byte[] pdf(String text) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A committed test resource (see src/test/resources/media/README.md). */
    public static byte[] resource(String name) {
        try (InputStream in = MediaFixtures.class.getResourceAsStream("/media/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code socialsync.media.*} with its defaults and these overrides, for tests without Quarkus. */
    public static MediaConfig config(Map<String, String> overrides) {
        // Quarkus' own converter reads "15s"-style durations, as in application.properties.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(MediaConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()).withDefaultValues(overrides).build();
        return config.getConfigMapping(MediaConfig.class);
    }

    /**
     * The Graph API serves {@code bytes} under {@code mediaId} as WhatsApp does: the lookup names a download URL, the
     * MIME type and the SHA-256 ({@code sha256} given = a wrong one), the URL serves the file.
     */
    public static void serve(WireMockServer graph, String mediaId, byte[] bytes, String mimeType, String sha256) {
        String hash = sha256 != null ? sha256 : ProcessedMedia.sha256Hex(bytes);
        graph.stubFor(get(urlPathEqualTo("/" + mediaId)).willReturn(okJson(JsonCodec.encode(Map.of(
                "messaging_product", "whatsapp", "url", graph.baseUrl() + "/files/" + mediaId, "mime_type", mimeType,
                "sha256", hash, "file_size", bytes.length, "id", mediaId)))));
        graph.stubFor(get(urlPathEqualTo("/files/" + mediaId)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", mimeType).withBody(bytes)));
    }

    /** The media id is unknown or expired at the platform. */
    public static void expired(WireMockServer graph, String mediaId) {
        graph.stubFor(get(urlPathEqualTo("/" + mediaId)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Unsupported get request.\",\"code\":100}}")));
    }

    /**
     * Stores a customer's media message as ingest does (the V40 trigger adds its fetch job) in the customer's
     * conversation, created on first use, and returns it as it travels on the stream.
     */
    public static UnifiedMessage media(Pool pool, Seeds.Business business, String customer, UnifiedMessageType type,
            String mediaId, String mimeType, String caption, boolean planAllowed) {
        UUID conversation = conversation(pool, business, customer);
        UnifiedMessage message = new UnifiedMessage(UUID.randomUUID(), Platform.WHATSAPP, business.phoneNumberId(),
                customer, "wamid.media-" + UUID.randomUUID(), type, caption,
                new MediaReference(mediaId, null, mimeType), null, 0, Instant.now(), planAllowed);
        pool.preparedQuery("""
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, media_id, media_mime_type,
                                      platform_message_id, plan_allowed, status, sent_at)
                VALUES ($1, $2, $3, 'inbound', $4, $5, $6, $7, $8, $9, 'received', now())""")
                .execute(Tuple.from(new Object[]{message.id(), conversation, business.accountId(), type.wire(), caption,
                        mediaId, mimeType, message.platformMessageId(), planAllowed}))
                .await().atMost(WAIT);
        return message;
    }

    private static UUID conversation(Pool pool, Seeds.Business business, String customer) {
        UUID contact = pool.preparedQuery("""
                INSERT INTO contacts (account_id, platform_contact_id) VALUES ($1, $2)
                ON CONFLICT (account_id, platform_contact_id) DO UPDATE SET updated_at = now() RETURNING id""")
                .execute(Tuple.of(business.accountId(), customer)).await().atMost(WAIT).iterator().next().getUUID(0);
        return pool.preparedQuery("""
                INSERT INTO conversations (tenant_id, account_id, contact_id) VALUES ($1, $2, $3)
                ON CONFLICT (account_id, contact_id) DO UPDATE SET updated_at = now() RETURNING id""")
                .execute(Tuple.of(business.tenantId(), business.accountId(), contact)).await().atMost(WAIT)
                .iterator().next().getUUID(0);
    }

    private static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
