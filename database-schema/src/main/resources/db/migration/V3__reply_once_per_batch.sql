-- Exactly one reply per batch, also across a crash (issue 4): the responder records the outbound message, keyed
-- by the batch id, before it sends it; a batch claimed again finds that row instead of answering a second time.
CREATE UNIQUE INDEX messages_outbound_batch ON messages (batch_id) WHERE direction = 'outbound' AND batch_id IS NOT NULL;

-- Inbound statuses now include 'replying' (taken by a batch whose reply is being sent): received -> replying ->
-- answered | failed. The reconciler scans 'received' only (index messages_inbound_received).
COMMENT ON COLUMN messages.status IS
    'inbound: received -> replying -> answered | failed | ignored; outbound: sending -> sent -> delivered -> read | failed';
