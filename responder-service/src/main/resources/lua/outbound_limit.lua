-- Reserves the earliest time one message may go out under three limits at once, for every replica alike:
--   KEYS[1] the account's sends (zset, score = ms): at most ARGV[2] in any ARGV[3] ms (the plan's messages per minute)
--   KEYS[2] the recipient's next turn (ms): sends to one customer ARGV[4] ms apart (WhatsApp 131056)
--   KEYS[3] the number's sends (zset): at most ARGV[5] in any ARGV[6] ms (throughput, 80 msg/s)
--   KEYS[4] the number's slowdown factor after 130429 (divides ARGV[5])
-- ARGV[1] a unique member for this send; ARGV[7] the longest wait accepted, in ms.
-- Answers {wait ms, limit} with limit 0 none, 1 account, 2 recipient, 3 number, and records the reservation; or
-- {-1, wait ms, limit} without recording anything when the wait would be longer than ARGV[7].
-- A new send at t with at least N earlier reservations must come W after the N-th latest: then every window of W
-- holding t holds fewer than N others, even when reservations are not made in time order.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local function earliest(key, limit, window)
    if redis.call('ZCARD', key) < limit then
        return 0
    end
    local nth = redis.call('ZRANGE', key, -limit, -limit, 'WITHSCORES')
    return tonumber(nth[2]) + window
end

local accountLimit = tonumber(ARGV[2])
local accountWindow = tonumber(ARGV[3])
local spacing = tonumber(ARGV[4])
local slow = tonumber(redis.call('GET', KEYS[4]) or '1')
local numberLimit = math.max(1, math.floor(tonumber(ARGV[5]) / slow))
local numberWindow = tonumber(ARGV[6])

local at, held = now, 0
local candidates = {
    earliest(KEYS[1], accountLimit, accountWindow),
    tonumber(redis.call('GET', KEYS[2]) or '0'),
    earliest(KEYS[3], numberLimit, numberWindow)
}
for i = 1, 3 do
    if candidates[i] > at then
        at, held = candidates[i], i
    end
end
local wait = at - now
if wait > tonumber(ARGV[7]) then
    return {-1, wait, held}
end

redis.call('ZADD', KEYS[1], at, ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(accountLimit + 1))
redis.call('PEXPIRE', KEYS[1], wait + accountWindow)
redis.call('ZADD', KEYS[3], at, ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(numberLimit + 1))
redis.call('PEXPIRE', KEYS[3], wait + numberWindow)
redis.call('SET', KEYS[2], at + spacing, 'PX', wait + spacing + 1000)
return {wait, held}
