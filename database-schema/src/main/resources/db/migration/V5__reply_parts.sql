-- A reply longer than the platform's limit goes out in parts (4 096 characters on WhatsApp, 1 000 bytes on
-- Instagram), each with its own platform message id so that statuses find it. The batch's first part (0) is the row
-- written before the send; it alone decides who owns the batch's reply (exactly one reply per batch, V3).
ALTER TABLE messages ADD COLUMN part integer NOT NULL DEFAULT 0 CHECK (part >= 0);
DROP INDEX messages_outbound_batch;
CREATE UNIQUE INDEX messages_outbound_batch_part ON messages (batch_id, part)
    WHERE direction = 'outbound' AND batch_id IS NOT NULL;
