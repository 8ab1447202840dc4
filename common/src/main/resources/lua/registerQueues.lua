--[[
  registerQueues: adds queue names to the registry of queues, unless the new ones would take it past the limit.
  The registry is one key outside every queue's hash slot, so this runs before the enqueue script, not inside it.

  KEYS:
    [1] queues  SET of queue names
  ARGV:
    [1] the most queues there may be (0: no limit)
    then the names (at most one batch's worth)
  Returns: an empty array when every name is registered; else the names that are new, and nothing is added.
]]

local queuesKey, max = KEYS[1], tonumber(ARGV[1])
local new = {}
for i = 2, #ARGV do
    if redis.call('SISMEMBER', queuesKey, ARGV[i]) == 0 then
        new[#new + 1] = ARGV[i]
    end
end
if #new == 0 then
    return {}
end
if max > 0 and redis.call('SCARD', queuesKey) + #new > max then
    return new
end
redis.call('SADD', queuesKey, unpack(new))
return {}
