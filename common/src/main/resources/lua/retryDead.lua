--[[
  retryDead: dead -> pending, attempts reset to 0, data kept for good again. The last error stays on the task
  as history until a new one replaces it.

  KEYS:
    [1] dead        ZSET
    [2] ready       prefix of the LISTs of ready ids per priority and their info HASH (see task.lua)
    [3] pending     HASH (packed tasks not claimed before)
  ARGV:
    [1] taskPrefix
    [2] idemPrefix
    [3] limit: with no ids given, the first `limit` dead letters that died at or before [4] are retried
    [4] with no ids: the latest death time (epoch ms) to take, so that a sweep ends even while tasks keep dying
    [5] with no ids: how many of those to pass over first (letters an earlier call of the sweep left in place)
    [6..] task ids (optional)
  Returns: per id 1 (retried), -1 (not found), -3 (not dead) or -5 (its stored fields cannot be read: left dead,
  for a person to look at or delete; put back, it would end in no list, or in one nothing claims from)
]]
--@include task

local deadKey, readyPrefix, pendingKey = KEYS[1], KEYS[2], KEYS[3]
local taskPrefix, idemPrefix = ARGV[1], ARGV[2]
local ids = {}
if #ARGV > 5 then
    for i = 6, #ARGV do
        ids[#ids + 1] = ARGV[i]
    end
else
    ids = redis.call('ZRANGEBYSCORE', deadKey, '-inf', ARGV[4], 'LIMIT', tonumber(ARGV[5]), tonumber(ARGV[3]))
end

local out = {}
for _, id in ipairs(ids) do
    local taskKey = taskPrefix .. id
    local fields = redis.call('HMGET', taskKey, 'status', 'priority', 'idempotencyKey', 'unreadable', 'packed',
        'maxAttempts')
    local priority = tonumber(fields[2])
    if not fields[1] and redis.call('HEXISTS', pendingKey, id) == 1 then
        fields[1] = 'pending'
    end
    if not fields[1] then
        redis.call('ZREM', deadKey, id)
        out[#out + 1] = -1
    elseif fields[1] ~= 'dead' then
        -- Not dead (any more): it does not belong in the dead set.
        redis.call('ZREM', deadKey, id)
        out[#out + 1] = -3
    elseif fields[4] or not validPriority(priority) or (fields[5] and not packedReadable(fields[5]))
            or (fields[6] and not tonumber(fields[6])) then
        -- A claim could not run it (reap would send it back here, as unreadable, at every retry).
        out[#out + 1] = -5
    else
        expandPacked(taskKey)
        redis.call('HSET', taskKey, 'status', 'pending', 'attempts', 0)
        redis.call('HDEL', taskKey, 'finishedAt', 'startedAt', 'workerId')
        redis.call('PERSIST', taskKey)
        if fields[3] then
            redis.call('PERSIST', idemPrefix .. fields[3])
        end
        redis.call('ZREM', deadKey, id)
        pushReady(readyPrefix, int(priority), {id})
        out[#out + 1] = 1
    end
end
return out
