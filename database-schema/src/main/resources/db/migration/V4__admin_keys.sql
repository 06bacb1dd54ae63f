-- Admin API keys: one tenant may hold several (rotation: create the new one, then revoke the old one).
-- Only the SHA-256 of a key is stored. Keys are 256-bit random values, so a fast hash is enough: there is no
-- password to guess, and a lookup by hash needs no per-row salt. The first characters are kept for display only.
CREATE TABLE admin_api_keys (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid  NOT NULL REFERENCES tenants (id),
    name          text  NOT NULL,
    key_hash      bytea NOT NULL CHECK (octet_length(key_hash) = 32),
    key_prefix    text  NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    CONSTRAINT admin_api_keys_hash_key UNIQUE (key_hash)
);
CREATE INDEX admin_api_keys_tenant ON admin_api_keys (tenant_id);

-- Listing a tenant's documents newest first, paged.
CREATE INDEX knowledge_documents_tenant_created ON knowledge_documents (tenant_id, created_at DESC, id);
