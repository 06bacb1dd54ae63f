package io.socialsync.ingest.webhook;

import io.socialsync.model.Platform;

/** A delivery whose signature is missing or wrong: answered 401, nothing stored. */
public class SignatureRejectedException extends RuntimeException {

    public SignatureRejectedException(Platform platform) {
        super("missing or invalid X-Hub-Signature-256 for " + platform.wire());
    }
}
