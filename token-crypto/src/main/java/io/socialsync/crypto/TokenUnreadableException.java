package io.socialsync.crypto;

/** A stored token that cannot be opened: its key is not configured, or the ciphertext was altered or moved. */
public class TokenUnreadableException extends RuntimeException {

    public TokenUnreadableException(String message) {
        super(message, null, false, false);
    }
}
