-- Issue 13: exactly one reply, proven.
--
-- Outbound parts. Every part of an AI reply is recorded, with its text, before the first request goes out:
--   queued   recorded, no request made for it yet (safe to send)
--   sending  a request was written and its outcome is unknown (timeout, reset, 5xx): unconfirmed, never sent again
--            blindly; the platform's own report (WhatsApp status with biz_opaque_callback_data = the row's id,
--            Instagram echo matched by recipient and text) turns it into sent, else it is sent again once after
--            socialsync.send.confirm-wait
--   sent -> delivered -> read, or failed
ALTER TABLE messages ADD COLUMN send_attempts integer NOT NULL DEFAULT 0 CHECK (send_attempts >= 0);
ALTER TABLE messages ADD COLUMN last_send_at timestamptz;
CREATE INDEX messages_outbound_unconfirmed ON messages (last_send_at)
    WHERE direction = 'outbound' AND status IN ('queued', 'sending');

-- Inbound 'held': accepted for an account that is inactive or flagged (token rejected); answered once the account
-- is active again, or shown to a person when too old to answer. status_detail says why.
CREATE INDEX messages_inbound_held ON messages (account_id, created_at) WHERE direction = 'inbound' AND status = 'held';
-- What the reconciler looks for after a crash combined with a Redis loss.
CREATE INDEX messages_inbound_replying ON messages (updated_at) WHERE direction = 'inbound' AND status = 'replying';

COMMENT ON COLUMN messages.status IS
    'inbound: received -> replying -> answered | failed | ignored | awaiting_human, or held (account inactive) -> '
    'received; outbound: queued -> sending -> sent -> delivered -> read | failed';

-- A person's reply pauses the AI for a while (socialsync.handoff.human-pause); ai_enabled = false is the explicit,
-- indefinite switch. Escalation alone pauses nothing: the customer's next answerable question is answered.
ALTER TABLE conversations ADD COLUMN ai_paused_until timestamptz;

-- Ingest stores messages of a paused conversation for the person instead of dropping them: the cache key of a
-- conversation also changes with its pause.
DROP TRIGGER conversations_cache ON conversations;
CREATE TRIGGER conversations_cache AFTER UPDATE ON conversations
    FOR EACH ROW WHEN (OLD.ai_enabled IS DISTINCT FROM NEW.ai_enabled OR OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.ai_paused_until IS DISTINCT FROM NEW.ai_paused_until)
    EXECUTE FUNCTION socialsync_notify_conversation();

ALTER TABLE escalations DROP CONSTRAINT escalations_reason_check;
ALTER TABLE escalations ADD CONSTRAINT escalations_reason_check CHECK (reason IN (
    'low_confidence', 'no_credits', 'human_replied', 'operator', 'held_too_old', 'send_unconfirmed', 'send_failed'));

-- Conversations that an escalation or a human echo switched off under the old rule: the AI is on again (a human's
-- echo pauses it for the usual while from now); an operator's explicit switch stays off.
UPDATE conversations c SET ai_enabled = true,
       ai_paused_until = CASE WHEN EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = c.id
                                           AND e.resolved_at IS NULL AND e.reason = 'human_replied')
                              THEN now() + interval '2 hours' END
WHERE NOT c.ai_enabled
  AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = c.id AND e.resolved_at IS NULL
                  AND e.reason = 'operator');
