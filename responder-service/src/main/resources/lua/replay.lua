-- Puts a dead-lettered batch's messages back in front of their conversation's window, due now, and removes the
-- dead letter (DESIGN §3). Atomic, so a replay runs once even if an operator clicks twice. The caller read the
-- entry's conversation first and passes it as a key.
--
-- KEYS[1] deadlines zset       conv:deadlines
-- KEYS[2] dead-letter stream   socialsync:dead
-- KEYS[3] conversation list    the entry's conversation
-- ARGV[1] dead-letter entry id
-- ARGV[2] TTL of window keys (ms)
--
-- Returns the number of messages replayed, -1 when there is no such entry, -2 when the entry names another
-- conversation than KEYS[3].
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local entries = redis.call('XRANGE', KEYS[2], ARGV[1], ARGV[1])
if #entries == 0 then
  return -1
end
local fields = entries[1][2]
local messages = {}
for i = 1, #fields, 2 do
  local name = fields[i]
  if name == 'conversation' and fields[i + 1] ~= KEYS[3] then
    return -2
  elseif string.sub(name, 1, 1) == 'm' and tonumber(string.sub(name, 2)) then
    messages[tonumber(string.sub(name, 2))] = fields[i + 1]
  end
end
for i = #messages, 1, -1 do
  redis.call('LPUSH', KEYS[3], messages[i])
end
if #messages > 0 then
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[2]))
  -- LT: due now, or earlier if the conversation's window was due earlier; added if it had none.
  redis.call('ZADD', KEYS[1], 'LT', now, KEYS[3])
end
redis.call('XDEL', KEYS[2], ARGV[1])
return #messages
