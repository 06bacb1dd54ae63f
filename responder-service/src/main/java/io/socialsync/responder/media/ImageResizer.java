package io.socialsync.responder.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import jakarta.enterprise.context.ApplicationScoped;

import net.coobird.thumbnailator.Thumbnails;

/**
 * Fits photos and stickers inside max-width × max-height keeping the aspect ratio (never enlarging), with
 * Thumbnailator over ImageIO and the TwelveMonkeys plugins (JPEG with CMYK and broken EXIF, WebP). Photos stay JPEG;
 * anything with transparency, and WebP stickers, become PNG: TwelveMonkeys reads WebP but has no WebP writer.
 * Dimensions are read from the header first, so an image bomb is refused before it is decoded.
 */
@ApplicationScoped
public class ImageResizer {

    private final int maxWidth;
    private final int maxHeight;
    private final long maxPixels;
    private final double jpegQuality;

    public ImageResizer(MediaConfig config) {
        this.maxWidth = config.images().maxWidth();
        this.maxHeight = config.images().maxHeight();
        this.maxPixels = config.limits().maxMegapixels() * 1_000_000L;
        this.jpegQuality = config.images().jpegQuality();
    }

    /**
     * Loads the ImageIO plugins and the codecs once, so that the first customer's photo does not pay for it (seconds
     * on a cold JVM, longer than a batch's media budget allows).
     */
    public void warmUp() {
        ImageIO.scanForPlugins();
        BufferedImage tiny = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (String format : new String[]{"jpg", "png"}) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(tiny, format, out);
                resize(out.toByteArray());
            } catch (IOException e) {
                throw new IllegalStateException("ImageIO cannot write " + format, e);
            }
        }
    }

    /** The image resized and re-encoded; blocking, CPU-bound. */
    public ProcessedMedia resize(byte[] original) {
        Header header = header(original);
        try {
            Thumbnails.Builder<? extends InputStream> reading = Thumbnails.of(new ByteArrayInputStream(original));
            // size() would also enlarge: an image that already fits keeps its own size.
            BufferedImage image = (header.width() <= maxWidth && header.height() <= maxHeight
                    ? reading.scale(1.0)
                    : reading.size(maxWidth, maxHeight).keepAspectRatio(true)).asBufferedImage();
            boolean jpeg = "jpeg".equals(header.format()) && !image.getColorModel().hasAlpha();
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            Thumbnails.Builder<BufferedImage> writer = Thumbnails.of(image).scale(1.0)
                    .outputFormat(jpeg ? "jpg" : "png");
            if (jpeg) {
                writer.outputQuality(jpegQuality);
            }
            writer.toOutputStream(out);
            return new ProcessedMedia(out.toByteArray(), jpeg ? "image/jpeg" : "image/png", image.getWidth(),
                    image.getHeight());
        } catch (IOException | RuntimeException e) {
            throw new UnreadableMediaException("image could not be decoded: " + e.getClass().getSimpleName());
        }
    }

    private record Header(String format, int width, int height) {
    }

    /** Format (lower case) and size from the header, refusing an image over the pixel limit before decoding it. */
    private Header header(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UnreadableMediaException("not an image of a known format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > maxPixels) {
                    throw new UnreadableMediaException("image of " + width + "x" + height + " is over the limit");
                }
                return new Header(reader.getFormatName().toLowerCase(Locale.ROOT), width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UnreadableMediaException("image header unreadable");
        }
    }
}
