-- Ends or extends a batch's time in flight (DESIGN §3). Atomic, and a no-op for a caller that no longer owns the
-- batch (its lease expired and another claim took it: fencing by the owner token), so a slow replica can never undo
-- another's work.
--
-- KEYS[1] deadlines zset       conv:deadlines
-- KEYS[2] in-flight zset       conv:inflight
-- KEYS[3] dead-letter stream   socialsync:dead
-- KEYS[4] batch list           conv:…:batch:{id}
-- KEYS[5] batch meta           {batch}:meta
-- KEYS[6] conversation list    the batch's conversation window
-- KEYS[7] active batch         {conversation}:active
-- KEYS[8] deferred flag        {conversation}:deferred
-- KEYS[9] superseded flag      {conversation}:superseded
-- ARGV[1] how:
--   complete   the batch is answered (or needs no answer): drop it
--   supersede  if new messages arrived while the reply was written, the batch's messages go back in front of the
--              conversation's new window, whose next batch is sent even if the customer keeps typing; answers
--              {3} (and keeps the lease) when nothing new arrived
--   retry      the attempt failed: count it; back on the deadlines after ARGV[4], or to the dead letter
--   recheck    the reply waits for the platform's confirmation: back on the deadlines after ARGV[4], not counted
--   renew      the owner is still working on it: the lease runs ARGV[7] from now
--   expired    like retry, but only if the lease has expired (the sweep; needs no owner)
--   release    this replica is stopping: back on the deadlines at once, not counted as an attempt
--   dead       straight to the dead letter
-- ARGV[2] owner token ('' for expired)
-- ARGV[3] max attempts
-- ARGV[4] delay (ms) before the batch is due again (retry, recheck)
-- ARGV[5] reason (dead letter)
-- ARGV[6] TTL of window keys (ms)
-- ARGV[7] lease (ms), for renew
--
-- Returns {0} not owned (nothing done), {1} done, {3} nothing new (supersede only), or
--         {2, conversation, attempts, messages...} dead-lettered
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local how = ARGV[1]
local batch = KEYS[4]
local meta = KEYS[5]
local conversation = KEYS[6]

local lease = redis.call('ZSCORE', KEYS[2], batch)
if not lease then
  return {0}
end
if how == 'expired' then
  if tonumber(lease) > now then
    return {0}
  end
elseif redis.call('HGET', meta, 'owner') ~= ARGV[2] then
  return {0}
end
if how == 'renew' then
  redis.call('ZADD', KEYS[2], 'XX', now + tonumber(ARGV[7]), batch)
  redis.call('PEXPIRE', batch, tonumber(ARGV[6]))
  redis.call('PEXPIRE', meta, tonumber(ARGV[6]))
  return {1}
end
local known = redis.call('EXISTS', meta) == 1
if how == 'supersede' and (not known or redis.call('EXISTS', conversation) == 0) then
  return {3}
end
redis.call('ZREM', KEYS[2], batch)
if not known then
  redis.call('DEL', batch)
  return {1}
end

-- The conversation's next window may have been deferred behind this batch: it is due now.
local function release_conversation()
  if redis.call('GET', KEYS[7]) == batch then
    redis.call('DEL', KEYS[7])
  end
  if redis.call('GET', KEYS[8]) then
    redis.call('DEL', KEYS[8])
    redis.call('ZADD', KEYS[1], 'XX', now, conversation)
  end
end

if how == 'release' then
  redis.call('ZADD', KEYS[1], now, batch)
  return {1}
end

if how == 'recheck' then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), batch)
  return {1}
end

if how == 'supersede' then
  local ttl = tonumber(ARGV[6])
  local messages = redis.call('LRANGE', batch, 0, -1)
  for i = #messages, 1, -1 do
    redis.call('LPUSH', conversation, messages[i])
  end
  redis.call('PEXPIRE', conversation, ttl)
  redis.call('SET', KEYS[9], '1', 'PX', ttl)
  redis.call('DEL', batch, meta)
  release_conversation()
  -- The new window keeps its own deadline; a window already deferred behind this batch is due now.
  if not redis.call('ZSCORE', KEYS[1], conversation) then
    redis.call('ZADD', KEYS[1], now, conversation)
  end
  return {1}
end

if how == 'complete' then
  redis.call('DEL', batch, meta)
  release_conversation()
  return {1}
end

local attempts = tonumber(redis.call('HGET', meta, 'attempts') or '0')
if how == 'retry' or how == 'expired' then
  attempts = redis.call('HINCRBY', meta, 'attempts', 1)
  if attempts < tonumber(ARGV[3]) then
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), batch)
    return {1}
  end
end

-- Dead letter: one field per message, so a replay needs no JSON parsing here.
local messages = redis.call('LRANGE', batch, 0, -1)
local entry = {'batch', batch, 'conversation', conversation, 'attempts', attempts, 'reason', ARGV[5],
  'dead_at', now}
for i, message in ipairs(messages) do
  table.insert(entry, 'm' .. i)
  table.insert(entry, message)
end
redis.call('XADD', KEYS[3], 'MAXLEN', '~', 10000, '*', unpack(entry))
redis.call('DEL', batch, meta)
release_conversation()
local result = {2, conversation, attempts}
for _, message in ipairs(messages) do
  table.insert(result, message)
end
return result
