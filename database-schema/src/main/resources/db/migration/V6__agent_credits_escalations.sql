-- Issue 5: the AI agent's bookkeeping.

-- What one AI reply costs, per plan (credits are the tenant's currency; DESIGN §4).
ALTER TABLE plans ADD COLUMN credits_per_reply integer NOT NULL DEFAULT 1 CHECK (credits_per_reply >= 0);

-- A batch is charged once, however often it is retried: the charge is keyed by batch.
CREATE UNIQUE INDEX credit_ledger_batch_reason ON credit_ledger (batch_id, reason) WHERE batch_id IS NOT NULL;

-- Why a conversation needs a human: the model could not answer from the knowledge base, the tenant ran out of
-- credits, or a human answered from the platform's app. Open while resolved_at is null.
CREATE TABLE escalations (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    conversation_id  uuid NOT NULL REFERENCES conversations (id),
    batch_id         uuid,
    reason           text NOT NULL CHECK (reason IN ('low_confidence', 'no_credits', 'human_replied', 'operator')),
    confidence       real,
    created_at       timestamptz NOT NULL DEFAULT now(),
    resolved_at      timestamptz
);
CREATE INDEX escalations_open ON escalations (tenant_id, created_at) WHERE resolved_at IS NULL;
CREATE UNIQUE INDEX escalations_batch ON escalations (batch_id) WHERE batch_id IS NOT NULL;
