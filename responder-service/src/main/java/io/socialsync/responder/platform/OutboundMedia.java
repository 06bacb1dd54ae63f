package io.socialsync.responder.platform;

import java.util.Locale;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * An image or a document a person sends to a customer, stored like inbound media: what a channel needs to send it by
 * link or by upload.
 *
 * @param kind image (sent as a photo) or document (sent as a file, with its name)
 * @param objectId the stored object
 * @param contentType what the stored bytes are (images are re-encoded JPEG or PNG)
 * @param filename what a document is shown as; null for an image
 * @param source reads the object as a link or as bytes
 */
public record OutboundMedia(Kind kind, UUID objectId, String contentType, String filename, Source source) {

    public enum Kind {
        IMAGE, DOCUMENT;

        /** {@code image} or {@code document}: the message type on WhatsApp and in {@code messages.type}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWire(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /** How a channel reaches the stored object. */
    public interface Source {

        /** A link that reads the object for 24 hours (signed, or presigned by the bucket). */
        Uni<String> link(UUID objectId);

        /** The object's bytes, for a platform the link cannot reach; fails when the object is gone. */
        Uni<byte[]> bytes(UUID objectId);

        /** Whether the platforms can fetch our links (a public base URL or a bucket, not this machine's loopback). */
        boolean linksReachable();
    }

    public Uni<String> link() {
        return source.link(objectId);
    }

    public Uni<byte[]> bytes() {
        return source.bytes(objectId);
    }

    /** The name a file is uploaded under: the document's own, else one made of the id and the type. */
    public String uploadName() {
        if (filename != null && !filename.isBlank()) {
            return filename;
        }
        return objectId + switch (contentType) {
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "application/pdf" -> ".pdf";
            default -> "";
        };
    }
}
