package io.socialsync.responder.media;

/**
 * Media that no retry will make readable: expired at the platform, too large, not the type it claims, corrupt. The
 * fetch is recorded failed at once.
 */
public class UnreadableMediaException extends RuntimeException {

    public UnreadableMediaException(String reason) {
        super(reason, null, false, false);
    }
}
