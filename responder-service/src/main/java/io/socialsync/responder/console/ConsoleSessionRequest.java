package io.socialsync.responder.console;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A console session id presented in the session cookie. */
final class ConsoleSessionRequest extends BaseAuthenticationRequest {

    private final String sessionId;

    ConsoleSessionRequest(String sessionId) {
        this.sessionId = sessionId;
    }

    String sessionId() {
        return sessionId;
    }

    /** Never prints the id: requests end up in debug logs and exception messages. */
    @Override
    public String toString() {
        return "ConsoleSessionRequest[id=***]";
    }
}
