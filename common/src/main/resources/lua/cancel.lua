--[[
  cancel: pending or scheduled -> cancelled. The data expires after the retention.

  KEYS:
    [1] ready       prefix of the LISTs of ready ids per priority and their info HASH (see task.lua)
    [2] scheduled   ZSET
    [3] cancelled   ZSET
    [4] totals      HASH
    [5] pending     HASH (packed tasks not claimed before)
  ARGV:
    [1] taskPrefix
    [2] idemPrefix
    [3] id
    [4] now (epoch ms)
    [5] retention (ms)
  Returns: {1} cancelled; {-1} not found; {-3, status} not cancellable in that status
]]
--@include task

local readyPrefix, scheduledKey, cancelledKey, totalsKey, pendingKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local taskPrefix, idemPrefix, id, now, retention = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local taskKey = taskPrefix .. id

local status = redis.call('HGET', taskKey, 'status')
if not status then
    -- Never claimed: unpacked into its own hash, which keeps the cancelled task for the retention like any other.
    local packed = redis.call('HGET', pendingKey, id)
    if not packed then
        return {-1}
    end
    redis.call('HDEL', pendingKey, id)
    redis.call('HSET', taskKey, unpack(unpackTask(id, packed)))
    status = 'pending'
end
if status == 'pending' then
    -- Its list entry stays (see task.lua), no longer counted; one left in the legacy set is not counted there.
    if redis.call('ZREM', legacyReady(readyPrefix), id) == 0 then
        redis.call('HINCRBY', readyPrefix .. 'info', 'count', -1)
    end
elseif status == 'scheduled' then
    redis.call('ZREM', scheduledKey, id)
else
    return {-3, status}
end
redis.call('HSET', taskKey, 'status', 'cancelled', 'finishedAt', now)
redis.call('ZADD', cancelledKey, now, id)
trimFinished(cancelledKey, now, retention)
expireTask(taskKey, idemPrefix, retention)
redis.call('HINCRBY', totalsKey, 'cancelled', 1)
return {1}
