-- Issue 17: data that does not outstay its purpose. Past its tenant's retention (tenants.retention_days, V30) a
-- message loses its text and media references; its platform message id stays, so a late redelivery is still a
-- duplicate (messages_account_platform_message_key).
ALTER TABLE messages ADD COLUMN redacted_at timestamptz;
-- What the retention job scans: messages not blanked yet, oldest first.
CREATE INDEX messages_unredacted_created ON messages (created_at) WHERE redacted_at IS NULL;

-- A customer erased on request: what remains is that it happened, for whom (the tenant), by whom and how much was
-- removed; no contact id, phone number or text.
CREATE TABLE erasures (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id          uuid NOT NULL REFERENCES tenants (id),
    platform           text NOT NULL,
    actor              text NOT NULL,
    messages_deleted   integer NOT NULL,
    redis_keys_deleted integer NOT NULL,
    stream_entries_deleted integer NOT NULL,
    erased_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX erasures_tenant ON erasures (tenant_id, erased_at);
