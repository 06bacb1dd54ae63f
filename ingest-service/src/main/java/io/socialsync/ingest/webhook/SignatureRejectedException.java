package io.socialsync.ingest.webhook;

import io.socialsync.model.Platform;

/** A delivery the platform's adapter did not verify (signature or secret missing or wrong): answered 401, nothing stored. */
public class SignatureRejectedException extends RuntimeException {

    public SignatureRejectedException(Platform platform) {
        super("delivery not verified as " + platform.wire() + "'s");
    }
}
