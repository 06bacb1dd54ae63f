-- The platform said a number sends too fast (WhatsApp 130429): halve its throughput, down to 1/ARGV[1] of it,
-- for ARGV[2] ms from now. KEYS[1] the number's slowdown factor. Answers the new factor.
local factor = tonumber(redis.call('GET', KEYS[1]) or '1') * 2
local most = tonumber(ARGV[1])
if factor > most then
    factor = most
end
redis.call('SET', KEYS[1], factor, 'PX', ARGV[2])
return factor
