package io.socialsync.responder.media;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Media ready to store: the bytes as kept (a resized image, or the download as it came) and what they are.
 *
 * @param width pixels, for images; null otherwise
 * @param height pixels, for images; null otherwise
 */
public record ProcessedMedia(byte[] bytes, String contentType, Integer width, Integer height) {

    /** Hex SHA-256 of the stored bytes: the deduplication key. */
    public String sha256() {
        return sha256Hex(bytes);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
