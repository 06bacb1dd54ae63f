package io.socialsync.ingest.webhook;

/** A signed body that is not the JSON its platform sends: answered 400, nothing stored. */
public class MalformedPayloadException extends RuntimeException {

    public MalformedPayloadException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public MalformedPayloadException(String reason) {
        super(reason);
    }
}
