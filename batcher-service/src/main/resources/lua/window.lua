-- Puts one message into its conversation's window and moves the window's deadline (DESIGN §3).
-- Atomic, so concurrent batchers and a claiming responder never see a half-written window.
--
-- KEYS[1] conversation list     conv:{platform}:{account}:{contact}
-- KEYS[2] deadlines zset         conv:deadlines
-- KEYS[3] window opened at (ms)  conv:{platform}:{account}:{contact}:opened
-- KEYS[4] message marker         conv:msg:{message id}
-- ARGV[1] message JSON
-- ARGV[2] window (ms): each message moves the deadline to now + window ...
-- ARGV[3] max wait (ms): ... but never past the window's opening + max wait
-- ARGV[4] TTL of the window's keys (ms)
--
-- Returns {deadline ms, now ms}, or {-1, now ms} when the message was already windowed (redelivery, re-enqueue).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[4])

if not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ttl) then
  return {-1, now}
end

redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl)

local opened = tonumber(redis.call('GET', KEYS[3]))
if not opened then
  opened = now
  redis.call('SET', KEYS[3], opened, 'PX', ttl)
end

local deadline = math.min(now + tonumber(ARGV[2]), opened + tonumber(ARGV[3]))
redis.call('ZADD', KEYS[2], deadline, KEYS[1])
return {deadline, now}
