package io.socialsync.crypto;

/**
 * A token as it is stored: {@code value} goes into {@code social_accounts.access_token}, {@code keyId} beside it into
 * {@code token_key_id} (what a rotation looks for).
 */
public record SealedToken(String keyId, String value) {

    @Override
    public String toString() {
        return "SealedToken[keyId=" + keyId + "]";
    }
}
