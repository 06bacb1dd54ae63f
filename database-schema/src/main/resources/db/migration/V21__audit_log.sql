-- Issue 14: who changed what, on which tenant, when. One row per successful admin or operator request that changes
-- something (written by the responder's AuditTrail); never a request body, so never a token.
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    tenant_id    uuid REFERENCES tenants (id),
    actor        text NOT NULL,
    actor_role   text NOT NULL,
    action       text NOT NULL,
    target       text NOT NULL,
    status       int  NOT NULL
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id DESC);
