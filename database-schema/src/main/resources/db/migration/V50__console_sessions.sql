-- Web console sessions (issue 21). The browser holds only a random session id in an HttpOnly cookie; the row is
-- found by the id's SHA-256, so a copy of this table opens no session. A tenant's session names the API key it was
-- opened with: revoking the key ends the session at its next request. The operator's session has no tenant or key.
-- The CSRF token is checked on every state-changing request of the session.
CREATE TABLE console_sessions (
    id_hash      bytea PRIMARY KEY CHECK (octet_length(id_hash) = 32),
    tenant_id    uuid REFERENCES tenants (id) ON DELETE CASCADE,
    api_key_id   uuid REFERENCES admin_api_keys (id) ON DELETE CASCADE,
    operator     boolean NOT NULL DEFAULT false,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    CONSTRAINT console_sessions_who CHECK (operator = (tenant_id IS NULL) AND (tenant_id IS NULL) = (api_key_id IS NULL))
);
-- The sweep of expired sessions.
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);
