package io.socialsync.responder.media;

import java.io.IOException;
import java.net.URI;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.socialsync.responder.platform.OutboundMedia;

/**
 * A person's image or document for a reply: checked (size, type), images resized and re-encoded like a customer's,
 * stored in the same {@link MediaStore} (UUID names, deduplicated per tenant by hash); and the stored object read back
 * as a link or as bytes when a channel sends it.
 */
@ApplicationScoped
public class OutboundFiles implements OutboundMedia.Source {

    /** A file as the person uploaded it (a temporary file of the multipart request). */
    public record Upload(Path file, String contentType, String filename) {
    }

    /** What was stored for the reply. */
    public record Stored(OutboundMedia.Kind kind, UUID objectId, String contentType, String filename) {
    }

    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/webp");
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_FILENAME_CHARS = 200;

    private final MediaStore store;
    private final ImageResizer images;
    private final MediaConfig.Outbound limits;
    private final boolean linksReachable;

    public OutboundFiles(MediaStore store, ImageResizer images, MediaConfig config) {
        this.store = store;
        this.images = images;
        this.limits = config.outbound();
        this.linksReachable = config.outbound().linksReachable()
                .orElseGet(() -> "s3".equals(store.kind()) || !loopback(config.links().publicBaseUrl()));
    }

    /**
     * Checks and stores an upload: 413 over the size limit, 415 for a type that is neither an image (JPEG, PNG, WebP)
     * nor an allowed document, or an image or PDF whose bytes are not what they claim; 400 for an empty file.
     */
    public Uni<Stored> store(UUID tenantId, Upload upload) {
        return Uni.createFrom().item(() -> prepare(upload))
                // Reading the temporary file and resizing block: a worker thread, never the event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(prepared -> store.put(tenantId, prepared.media())
                        .map(stored -> new Stored(prepared.kind(), stored.id(), prepared.media().contentType(),
                                prepared.filename())));
    }

    private record Prepared(OutboundMedia.Kind kind, ProcessedMedia media, String filename) {
    }

    private Prepared prepare(Upload upload) {
        String type = baseType(upload.contentType());
        boolean image = IMAGE_TYPES.contains(type);
        if (!image && !limits.documentTypes().contains(type)) {
            throw new ClientErrorException("A reply can carry an image (JPEG, PNG, WebP) or a document of the types "
                    + String.join(", ", limits.documentTypes()) + "; this file is " + type + ".",
                    Response.Status.UNSUPPORTED_MEDIA_TYPE);
        }
        long size = size(upload.file());
        int limit = image ? limits.imageBytes() : limits.documentBytes();
        if (size > limit) {
            throw new ClientErrorException("The file has " + size + " bytes; " + (image ? "an image" : "a document")
                    + " may have " + limit + " at most.", Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        if (size == 0) {
            throw new BadRequestException("The file is empty.");
        }
        byte[] bytes = read(upload.file());
        if (image) {
            try {
                return new Prepared(OutboundMedia.Kind.IMAGE, images.resize(bytes), null);
            } catch (UnreadableMediaException e) {
                throw new ClientErrorException("The file is not a readable " + type + " image.",
                        Response.Status.UNSUPPORTED_MEDIA_TYPE);
            }
        }
        if ("application/pdf".equals(type)
                && (bytes.length < PDF_MAGIC.length || !Arrays.equals(bytes, 0, PDF_MAGIC.length, PDF_MAGIC, 0,
                        PDF_MAGIC.length))) {
            throw new ClientErrorException("The file is not a PDF.", Response.Status.UNSUPPORTED_MEDIA_TYPE);
        }
        return new Prepared(OutboundMedia.Kind.DOCUMENT, new ProcessedMedia(bytes, type, null, null),
                filename(upload.filename()));
    }

    @Override
    public Uni<String> link(UUID objectId) {
        return store.link(objectId);
    }

    @Override
    public Uni<byte[]> bytes(UUID objectId) {
        return store.get(objectId).map(found -> found
                .orElseThrow(() -> new IllegalStateException("media object " + objectId + " is gone")).bytes());
    }

    @Override
    public boolean linksReachable() {
        return linksReachable;
    }

    /** {@code image/jpeg} of {@code Image/JPEG; charset=…}; {@code application/octet-stream} when none was given. */
    private static String baseType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "application/octet-stream";
        }
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /** The file's own name without any path, control characters or quotes; null when nothing is left. */
    static String filename(String given) {
        if (given == null) {
            return null;
        }
        String name = given.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.length() > MAX_FILENAME_CHARS) {
            name = name.substring(name.length() - MAX_FILENAME_CHARS);
        }
        return name.isEmpty() ? null : name;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BadRequestException("The uploaded file could not be read.");
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadRequestException("The uploaded file could not be read.");
        }
    }

    /** Whether a link base names this machine only, which no platform can fetch from. */
    static boolean loopback(String baseUrl) {
        try {
            String host = Optional.ofNullable(URI.create(baseUrl).getHost()).orElse("localhost");
            return "localhost".equalsIgnoreCase(host) || host.endsWith(".localhost")
                    || (host.matches("[0-9.:\\[\\]a-fA-F]+") && InetAddress.getByName(host).isLoopbackAddress());
        } catch (IOException | IllegalArgumentException e) {
            return true;
        }
    }
}
