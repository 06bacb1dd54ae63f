package io.socialsync.model;

/**
 * Where a media message's content can be fetched later: the platform's media id (WhatsApp) or URL (Instagram), and
 * its MIME type. Media is never downloaded on the webhook's request path.
 */
public record MediaReference(String id, String url, String mimeType) {
}
