--[[
  release: processing -> pending, unharmed: back to the front of its priority, the attempt not counted. For a
  worker that shuts down with tasks it will not finish.

  KEYS:
    [1] processing  ZSET
    [2] ready       prefix of the LISTs of ready ids per priority and their info HASH (see task.lua)
    [3] pending     HASH (packed tasks not claimed before)
  ARGV:
    [1] taskPrefix
    [2] id
    [3] leaseToken
  Returns: 1 released; -1 not found; -2 lease lost
]]
--@include task

local processingKey, readyPrefix, pendingKey = KEYS[1], KEYS[2], KEYS[3]
local id = ARGV[2]
local taskKey = ARGV[1] .. id
local refused = checkLease(taskKey, pendingKey, id, ARGV[3])
if refused then
    return refused
end
expandPacked(taskKey)
redis.call('HINCRBY', taskKey, 'attempts', -1)
redis.call('HSET', taskKey, 'status', 'pending')
redis.call('HDEL', taskKey, 'leaseToken', 'leaseUntil', 'workerId', 'startedAt')
redis.call('ZREM', processingKey, id)
pushReadyFront(readyPrefix, redis.call('HGET', taskKey, 'priority'), id)
return 1
