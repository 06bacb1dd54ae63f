-- Brings back a batch whose reply was being sent when Redis lost its data (restart without persistence,
-- failover): PostgreSQL still says its messages are 'replying' and holds the recorded reply parts. The batch is
-- restored under its own id, due now, so a claim resumes its recorded parts (confirmed or sent once) instead of
-- writing a new reply. A batch Redis still knows is left alone.
--
-- KEYS[1] deadlines zset       conv:deadlines
-- KEYS[2] in-flight zset       conv:inflight
-- KEYS[3] batch list           conv:…:batch:{id}
-- KEYS[4] batch meta           {batch}:meta
-- KEYS[5] conversation list    the batch's conversation
-- ARGV[1] TTL of the batch's keys (ms)
-- ARGV[2..] message JSON, oldest first
--
-- Returns 1 when restored, 0 when Redis still knows the batch.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if redis.call('EXISTS', KEYS[3]) == 1 or redis.call('EXISTS', KEYS[4]) == 1
    or redis.call('ZSCORE', KEYS[2], KEYS[3]) or redis.call('ZSCORE', KEYS[1], KEYS[3]) then
  return 0
end
local ttl = tonumber(ARGV[1])
for i = 2, #ARGV do
  redis.call('RPUSH', KEYS[3], ARGV[i])
end
redis.call('PEXPIRE', KEYS[3], ttl)
redis.call('HSET', KEYS[4], 'conversation', KEYS[5], 'attempts', 0, 'fresh', 1)
redis.call('PEXPIRE', KEYS[4], ttl)
redis.call('ZADD', KEYS[1], now, KEYS[3])
return 1
