package io.socialsync.responder.platform.graph;

import java.util.OptionalInt;

/**
 * A Graph API call answered with an error status. Carries the parsed {@code error} object so that retries and
 * failures branch on {@code error.code}, not only on the HTTP status.
 */
public class GraphApiException extends RuntimeException {

    private final int httpStatus;
    private final OptionalInt code;
    private final String graphMessage;

    public GraphApiException(int httpStatus, OptionalInt code, String graphMessage) {
        // The exception's own message is the status and code only: it may end up in logs.
        super("Graph API HTTP " + httpStatus + code.stream().mapToObj(c -> " error " + c).findFirst().orElse(""),
                null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
        this.graphMessage = graphMessage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public OptionalInt code() {
        return code;
    }

    /** The platform's explanation ({@code error.message}), for the message's status detail. */
    public String graphMessage() {
        return graphMessage;
    }
}
