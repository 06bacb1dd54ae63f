-- The reconciler's hand-back (DESIGN §3, "PostgreSQL is the system of record"): adds each stored message to the
-- inbound stream unless the batcher's marker says it is (or was, within the marker's TTL) in a window or batch.
-- Adding one twice is harmless: the batcher lets a message into a window once.
--
-- KEYS[1]      inbound stream       socialsync:inbound
-- KEYS[2..n+1] message markers      conv:msg:{id}, one per message, in the order of the messages below
-- ARGV[1] schema version field name, ARGV[2] schema version, ARGV[3] message field name, ARGV[4] stream MAXLEN
-- ARGV[5..n+4] message JSON
--
-- Returns the number of messages added to the stream.
local added = 0
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', tonumber(ARGV[4]), '*', ARGV[1], ARGV[2], ARGV[3], ARGV[i + 3])
    added = added + 1
  end
end
return added
