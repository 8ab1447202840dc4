--[[
  extend: push back the lease deadline of a task the caller holds (the heartbeat of a long task).

  KEYS:
    [1] processing  ZSET
    [2] pending     HASH (packed tasks not claimed before)
  ARGV:
    [1] taskPrefix
    [2] id
    [3] leaseToken
    [4] now (epoch ms)
    [5] lease (ms), counted from now
  Returns: the new deadline (epoch ms); -1 not found; -2 lease lost
]]
--@include task

local taskKey = ARGV[1] .. ARGV[2]
local refused = checkLease(taskKey, KEYS[2], ARGV[2], ARGV[3])
if refused then
    return refused
end
local deadline = int(tonumber(ARGV[4]) + tonumber(ARGV[5]))
redis.call('HSET', taskKey, 'leaseUntil', deadline)
redis.call('ZADD', KEYS[1], 'XX', deadline, ARGV[2])
return tonumber(deadline)
