-- Claims the given members of conv:deadlines that are due (DESIGN §3), several per call so that one round trip
-- serves many due batches under load. Atomic: only the caller whose ZREM removed a member owns its batch, so no two
-- responders answer it. The caller read the earliest members first and passes every key they imply: the script
-- touches no other key.
--
-- A member is either a conversation window (conv:{platform}:{account}:{contact}), or a batch that waits for another
-- attempt under its own id (…:batch:{id}). One batch per conversation is in flight at a time: {conversation}:active
-- names it, and a window that falls due meanwhile is deferred (and brought forward when that batch ends).
--
-- KEYS[1] deadlines zset       conv:deadlines
-- KEYS[2] in-flight zset       conv:inflight
-- then 7 keys per member, in the order of the members:
--   +1 conversation list    conv:{platform}:{account}:{contact}
--   +2 active batch         {conversation}:active
--   +3 deferred flag        {conversation}:deferred
--   +4 superseded flag      {conversation}:superseded
--   +5 window opened at     {conversation}:opened
--   +6 batch list           the member itself when it is a batch, else {conversation}:batch:{new id}
--   +7 batch meta           {batch}:meta
-- ARGV[1] lease (ms)
-- ARGV[2] TTL of the batch's keys (ms)
-- then per member: the member, and the owner token of its claim (only its holder may end or renew the batch)
--
-- Returns {now, result per member...}, each result being
--         {0}                      look again (taken by another replica, deferred, or empty)
--         {1, score}               not due yet: its deadline, to sleep until
--         {2, deadline, conversation, batch key, attempts, fresh rule used (0/1), claimed before (0/1),
--          messages...}            a claimed batch
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])

local function claim(k, member, owner)
  local conversation = KEYS[k + 1]
  local activeKey, deferredKey, supersededKey, openedKey = KEYS[k + 2], KEYS[k + 3], KEYS[k + 4], KEYS[k + 5]
  local batch = KEYS[k + 6]
  local meta = KEYS[k + 7]

  local score = redis.call('ZSCORE', KEYS[1], member)
  if not score then
    return {0}
  end
  local deadline = tonumber(score)
  if deadline > now then
    return {1, deadline}
  end
  redis.call('ZREM', KEYS[1], member)

  local function claimed(before)
    redis.call('ZADD', KEYS[2], now + lease, batch)
    redis.call('SET', activeKey, batch, 'PX', ttl)
    redis.call('HSET', meta, 'owner', owner)
    local result = {2, deadline, conversation, batch, tonumber(redis.call('HGET', meta, 'attempts') or '0'),
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
    return {0}
  end

  local active = redis.call('GET', activeKey)
  if active and active ~= '' and not redis.call('ZSCORE', KEYS[2], active)
      and not redis.call('ZSCORE', KEYS[1], active) then
    active = nil -- the batch it named is neither leased nor waiting for an attempt: it ended
  end
  if active then
    -- Never two replies in flight for one customer: this window waits for the active batch.
    local expiry = redis.call('ZSCORE', KEYS[2], active) or redis.call('ZSCORE', KEYS[1], active)
    redis.call('ZADD', KEYS[1], math.max(tonumber(expiry or '0'), now + lease), conversation)
    redis.call('SET', deferredKey, '1', 'PX', ttl)
    return {0}
  end
  if redis.call('EXISTS', conversation) == 0 then
    redis.call('DEL', openedKey)
    return {0}
  end
  -- The next message of this customer opens a new window; it never joins a reply already being written.
  redis.call('DEL', openedKey, deferredKey)
  redis.call('RENAME', conversation, batch)
  redis.call('PEXPIRE', batch, ttl)
  local fresh = redis.call('GET', supersededKey) and 1 or 0
  redis.call('DEL', supersededKey)
  redis.call('HSET', meta, 'conversation', conversation, 'attempts', 0, 'fresh', fresh)
  redis.call('PEXPIRE', meta, ttl)
  return claimed(0)
end

local results = {now}
for i = 3, #ARGV, 2 do
  table.insert(results, claim(2 + (i - 3) / 2 * 7, ARGV[i], ARGV[i + 1]))
end
return results
