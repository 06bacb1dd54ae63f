-- Claims the most overdue conversation window, if one is due (DESIGN §3). Atomic: only the caller whose
-- ZREM removed the conversation from the deadlines owns the batch, so no two responders answer it.
--
-- KEYS[1] deadlines zset  conv:deadlines
-- KEYS[2] in-flight zset  conv:inflight
-- ARGV[1] batch id (UUID chosen by the caller)
-- ARGV[2] lease (ms)
--
-- Returns {now}                         nothing is waiting
--         {now, next deadline}          nothing is due yet; the earliest deadline, to sleep until
--         {now, deadline, conversation, batch key, messages...}   a claimed batch
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1)
if #due == 0 then
  local earliest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if #earliest == 0 then
    return {now}
  end
  return {now, tonumber(earliest[2])}
end

local conversation = due[1]
local deadline = tonumber(due[2])
local batch = conversation .. ':batch:' .. ARGV[1]
redis.call('ZREM', KEYS[1], conversation)
-- The next message of this customer opens a new window; it never joins a reply already being written.
redis.call('DEL', conversation .. ':opened')

local result = {now, deadline, conversation, batch}
if redis.call('EXISTS', conversation) == 1 then
  redis.call('RENAME', conversation, batch)
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), batch)
  for _, message in ipairs(redis.call('LRANGE', batch, 0, -1)) do
    table.insert(result, message)
  end
end
return result
