package io.socialsync.responder.admin;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A key presented to the admin API: a tenant's {@code ssk_…} key or the operator key. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Never prints the key: requests end up in debug logs and exception messages. */
    @Override
    public String toString() {
        return "ApiKeyAuthenticationRequest[key=***]";
    }
}
