-- Claims the most overdue batch, if one is due (DESIGN §3). Atomic: only the caller whose ZREM removed the member
-- from the deadlines owns the batch, so no two responders answer it.
--
-- A member of conv:deadlines is either a conversation window (conv:{platform}:{account}:{contact}), or a batch
-- that failed or lost its lease and waits for another attempt under its own id (…:batch:{id}). One batch per
-- conversation is in flight at a time: {conversation}:active names it, and a window that falls due meanwhile is
-- deferred (to the active batch's lease expiry, and brought forward when that batch ends).
--
-- KEYS[1] deadlines zset  conv:deadlines
-- KEYS[2] in-flight zset  conv:inflight
-- ARGV[1] batch id (UUID chosen by the caller), used when a window is claimed
-- ARGV[2] lease (ms)
-- ARGV[3] TTL of the batch's keys (ms)
--
-- Returns {now}                         nothing is waiting
--         {now, next deadline}          nothing is due yet; the earliest deadline, to sleep until
--         {now, deadline, conversation, batch key, attempts, fresh rule used (0/1), claimed before (0/1),
--          messages...}   a claimed batch
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])

local function claimed(deadline, conversation, batch, before)
  local meta = batch .. ':meta'
  redis.call('ZADD', KEYS[2], now + lease, batch)
  redis.call('SET', conversation .. ':active', batch, 'PX', ttl)
  local result = {now, deadline, conversation, batch, tonumber(redis.call('HGET', meta, 'attempts') or '0'),
    tonumber(redis.call('HGET', meta, 'fresh') or '0'), before}
  for _, message in ipairs(redis.call('LRANGE', batch, 0, -1)) do
    table.insert(result, message)
  end
  return result
end

-- Bounded, so a long run of deferred windows cannot stall Redis; the caller looks again at once.
for _ = 1, 100 do
  local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1)
  if #due == 0 then
    local earliest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    if #earliest == 0 then
      return {now}
    end
    return {now, tonumber(earliest[2])}
  end
  local member = due[1]
  local deadline = tonumber(due[2])
  redis.call('ZREM', KEYS[1], member)

  local retried = redis.call('HGET', member .. ':meta', 'conversation')
  if retried then
    -- A batch back for another attempt keeps its id: its reply, if one was sent, is found by that id.
    if redis.call('EXISTS', member) == 1 then
      return claimed(deadline, retried, member, 1)
    end
    redis.call('DEL', member .. ':meta')
  elseif not string.find(member, ':batch:', 1, true) then
    local conversation = member
    local active = redis.call('GET', conversation .. ':active')
    if active and active ~= '' and redis.call('EXISTS', active .. ':meta') == 0 then
      active = nil -- the batch it named is gone (completed by a replica that lost its lease, or expired)
    end
    if active then
      -- Never two replies in flight for one customer: this window waits for the active batch.
      local expiry = redis.call('ZSCORE', KEYS[2], active)
      redis.call('ZADD', KEYS[1], math.max(tonumber(expiry or '0'), now + lease), conversation)
      redis.call('SET', conversation .. ':deferred', '1', 'PX', ttl)
    elseif redis.call('EXISTS', conversation) == 1 then
      -- The next message of this customer opens a new window; it never joins a reply already being written.
      redis.call('DEL', conversation .. ':opened', conversation .. ':deferred')
      local batch = conversation .. ':batch:' .. ARGV[1]
      redis.call('RENAME', conversation, batch)
      redis.call('PEXPIRE', batch, ttl)
      local fresh = redis.call('GET', conversation .. ':superseded') and 1 or 0
      redis.call('DEL', conversation .. ':superseded')
      redis.call('HSET', batch .. ':meta', 'conversation', conversation, 'attempts', 0, 'fresh', fresh)
      redis.call('PEXPIRE', batch .. ':meta', ttl)
      return claimed(deadline, conversation, batch, 0)
    else
      redis.call('DEL', conversation .. ':opened')
    end
  end
end
return {now, now}
