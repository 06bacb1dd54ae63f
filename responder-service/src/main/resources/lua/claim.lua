-- Claims one member of conv:deadlines if it is due (DESIGN §3). Atomic: only the caller whose ZREM removed the
-- member owns the batch, so no two responders answer it. The caller read the earliest member first and passes every
-- key it implies: the script touches no other key.
--
-- A member is either a conversation window (conv:{platform}:{account}:{contact}), or a batch that waits for another
-- attempt under its own id (…:batch:{id}). One batch per conversation is in flight at a time: {conversation}:active
-- names it, and a window that falls due meanwhile is deferred (and brought forward when that batch ends).
--
-- KEYS[1] deadlines zset       conv:deadlines
-- KEYS[2] in-flight zset       conv:inflight
-- KEYS[3] conversation list    conv:{platform}:{account}:{contact}
-- KEYS[4] active batch         {conversation}:active
-- KEYS[5] deferred flag        {conversation}:deferred
-- KEYS[6] superseded flag      {conversation}:superseded
-- KEYS[7] window opened at     {conversation}:opened
-- KEYS[8] batch list           the member itself when it is a batch, else {conversation}:batch:{new id}
-- KEYS[9] batch meta           {batch}:meta
-- ARGV[1] the member
-- ARGV[2] owner token of this claim: only its holder may end or renew the batch
-- ARGV[3] lease (ms)
-- ARGV[4] TTL of the batch's keys (ms)
--
-- Returns {0, now}                 look again at once (taken by another replica, deferred, or empty)
--         {1, now, score}          not due yet: its deadline, to sleep until
--         {2, now, deadline, conversation, batch key, attempts, fresh rule used (0/1), claimed before (0/1),
--          messages...}            a claimed batch
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local member = ARGV[1]
local lease = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local conversation = KEYS[3]
local batch = KEYS[8]
local meta = KEYS[9]

local score = redis.call('ZSCORE', KEYS[1], member)
if not score then
  return {0, now}
end
local deadline = tonumber(score)
if deadline > now then
  return {1, now, deadline}
end
redis.call('ZREM', KEYS[1], member)

local function claimed(before)
  redis.call('ZADD', KEYS[2], now + lease, batch)
  redis.call('SET', KEYS[4], batch, 'PX', ttl)
  redis.call('HSET', meta, 'owner', ARGV[2])
  local result = {2, now, deadline, conversation, batch, tonumber(redis.call('HGET', meta, 'attempts') or '0'),
    tonumber(redis.call('HGET', meta, 'fresh') or '0'), before}
  for _, message in ipairs(redis.call('LRANGE', batch, 0, -1)) do
    table.insert(result, message)
  end
  return result
end

if member == batch then
  -- A batch back for another attempt keeps its id: its recorded reply is found by that id.
  if redis.call('EXISTS', batch) == 1 and redis.call('EXISTS', meta) == 1 then
    return claimed(1)
  end
  redis.call('DEL', meta)
  return {0, now}
end

local active = redis.call('GET', KEYS[4])
if active and active ~= '' and not redis.call('ZSCORE', KEYS[2], active) and not redis.call('ZSCORE', KEYS[1], active) then
  active = nil -- the batch it named is neither leased nor waiting for an attempt: it ended
end
if active then
  -- Never two replies in flight for one customer: this window waits for the active batch.
  local expiry = redis.call('ZSCORE', KEYS[2], active) or redis.call('ZSCORE', KEYS[1], active)
  redis.call('ZADD', KEYS[1], math.max(tonumber(expiry or '0'), now + lease), conversation)
  redis.call('SET', KEYS[5], '1', 'PX', ttl)
  return {0, now}
end
if redis.call('EXISTS', conversation) == 0 then
  redis.call('DEL', KEYS[7])
  return {0, now}
end
-- The next message of this customer opens a new window; it never joins a reply already being written.
redis.call('DEL', KEYS[7], KEYS[5])
redis.call('RENAME', conversation, batch)
redis.call('PEXPIRE', batch, ttl)
local fresh = redis.call('GET', KEYS[6]) and 1 or 0
redis.call('DEL', KEYS[6])
redis.call('HSET', meta, 'conversation', conversation, 'attempts', 0, 'fresh', fresh)
redis.call('PEXPIRE', meta, ttl)
return claimed(0)
