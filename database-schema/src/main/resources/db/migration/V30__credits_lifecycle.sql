-- Issue 17: credits that live. Every movement of a balance is a ledger entry saying why (reason), who (actor) and
-- for which billing period; a plan's credits are granted once per tenant and period.

ALTER TABLE credit_ledger
    ADD COLUMN actor     text NOT NULL DEFAULT 'system',
    ADD COLUMN period    text,
    ADD COLUMN platform  text,
    ADD COLUMN kind      text,
    ADD COLUMN detail    text;

-- A period's grant (and the expiry of the previous period's leftover) happens once per tenant, however many
-- replicas run the job and however often they restart: the second insert conflicts and its transaction rolls back.
CREATE UNIQUE INDEX credit_ledger_period_reason ON credit_ledger (tenant_id, period, reason)
    WHERE reason IN ('plan_grant', 'period_expiry');
-- The tenant's ledger, newest first, paged by id.
CREATE INDEX credit_ledger_tenant_id ON credit_ledger (tenant_id, id DESC);

-- A plan change asked for "next period" waits here until that period's grant applies it.
ALTER TABLE tenants
    ADD COLUMN pending_plan_code      text REFERENCES plans (code),
    ADD COLUMN low_balance_threshold  bigint CHECK (low_balance_threshold >= 0),
    ADD COLUMN retention_days         integer NOT NULL DEFAULT 400 CHECK (retention_days >= 1);
