-- Whether a conversation has an open escalation is asked for every reply (the agent's context), for every handoff and
-- by the reconciler. The only index on open escalations led with the tenant, so each question read all of a tenant's
-- open escalations: with thousands waiting for a person, the context of a reply cost milliseconds (issue 19).
CREATE INDEX escalations_open_conversation ON escalations (conversation_id) WHERE resolved_at IS NULL;
