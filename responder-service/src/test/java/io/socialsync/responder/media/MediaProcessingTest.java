package io.socialsync.responder.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** Resizing, re-encoding, PDF text, link signatures and voice-note length, on real files, without Quarkus. */
class MediaProcessingTest {

    private final MediaConfig config = MediaFixtures.config(Map.of());
    private final ImageResizer resizer = new ImageResizer(config);

    @Test
    void aTwelveMegapixelPhotoIsStoredAs768By576Jpeg() throws IOException {
        ProcessedMedia resized = resizer.resize(MediaFixtures.jpeg(4000, 3000));

        assertEquals("image/jpeg", resized.contentType());
        assertEquals(768, resized.width());
        assertEquals(576, resized.height());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(resized.bytes()));
        assertEquals(768, decoded.getWidth());
        assertEquals(576, decoded.getHeight());
    }

    @Test
    void aPortraitPhotoKeepsItsAspectRatioAndASmallOneIsNotEnlarged() {
        ProcessedMedia portrait = resizer.resize(MediaFixtures.jpeg(1200, 1600));
        assertEquals(576, portrait.width());
        assertEquals(768, portrait.height());

        ProcessedMedia small = resizer.resize(MediaFixtures.jpeg(300, 200));
        assertEquals(300, small.width());
        assertEquals(200, small.height());
    }

    @Test
    void aWebpStickerBecomesAPngWithItsTransparency() throws IOException {
        ProcessedMedia sticker = resizer.resize(MediaFixtures.resource("sticker.webp"));

        assertEquals("image/png", sticker.contentType());
        assertEquals(512, sticker.width());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(sticker.bytes()));
        assertTrue(decoded.getColorModel().hasAlpha());
        assertEquals(0, decoded.getRGB(0, 0) >>> 24, "the corner stays transparent");
    }

    @Test
    void aTransparentPngStaysPng() {
        ProcessedMedia png = resizer.resize(MediaFixtures.png(2000, 1000));
        assertEquals("image/png", png.contentType());
        assertEquals(768, png.width());
        assertEquals(384, png.height());
    }

    @Test
    void whatIsNotAnImageOrIsAnImageBombIsRefused() {
        assertThrows(UnreadableMediaException.class, () -> resizer.resize("not an image".getBytes()));
        ImageResizer strict = new ImageResizer(MediaFixtures.config(Map.of("socialsync.media.limits.max-megapixels",
                "1")));
        assertThrows(UnreadableMediaException.class, () -> strict.resize(MediaFixtures.jpeg(1600, 1200)));
    }

    @Test
    void aPdfGivesItsText() {
        String text = new PdfText(config)
                .extract(MediaFixtures.pdf("Order 4711: two pairs of trail runners, size 42."));
        assertEquals("Order 4711: two pairs of trail runners, size 42.", text);
        assertThrows(UnreadableMediaException.class, () -> new PdfText(config).extract("%PDF-broken".getBytes()));
    }

    @Test
    void signedLinksAreValidUntilTheyExpireAndRefusedWhenAltered() {
        MediaConfig signed = MediaFixtures.config(Map.of("socialsync.media.links.signing-key", "test-signing-key",
                "socialsync.media.links.public-base-url", "https://media.example.com/"));
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        MediaLinks links = new MediaLinks(signed, Clock.fixed(now, ZoneOffset.UTC));
        UUID object = UUID.randomUUID();

        String url = links.signedUrl(object);
        assertTrue(url.startsWith("https://media.example.com/media/" + object + "?expires="), url);
        long expires = Long.parseLong(url.replaceAll(".*expires=(\\d+).*", "$1"));
        String signature = url.replaceAll(".*signature=", "");
        assertEquals(now.plus(Duration.ofHours(24)).getEpochSecond(), expires, "valid 24 h");
        assertTrue(links.valid(object, expires, signature));

        assertFalse(links.valid(UUID.randomUUID(), expires, signature), "another object");
        assertFalse(links.valid(object, expires + 3600, signature), "a longer validity");
        assertFalse(links.valid(object, expires, signature.substring(1) + "A"), "an altered signature");
        assertFalse(links.valid(object, expires, null));
        MediaLinks later = new MediaLinks(signed, Clock.fixed(now.plus(Duration.ofHours(25)), ZoneOffset.UTC));
        assertFalse(later.valid(object, expires, signature), "expired");
        MediaLinks otherKey = new MediaLinks(MediaFixtures.config(Map.of("socialsync.media.links.signing-key", "x")),
                Clock.fixed(now, ZoneOffset.UTC));
        assertFalse(otherKey.valid(object, expires, signature), "another replica's key");
    }

    @Test
    void aVoiceNotesLengthIsReadFromItsOggPages() {
        assertEquals(Optional.of(2), Transcriber.oggDurationSeconds(MediaFixtures.resource("voice-note.ogg")),
                "1.5 s (plus the encoder's pre-skip) rounds up to 2 s");
        assertEquals(1, new Transcriber.Transcript("hi", 2).startedMinutes());
        assertEquals(2, new Transcriber.Transcript("hi", 61).startedMinutes());
        assertEquals(Optional.empty(), Transcriber.oggDurationSeconds("no ogg".getBytes()));
    }
}
