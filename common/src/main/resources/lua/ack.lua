--[[
  ack: processing -> completed for each task whose lease the caller still holds; stores the result. The data
  (and idempotency key) expire after the retention.

  KEYS:
    [1] processing  ZSET
    [2] completed   ZSET
    [3] totals      HASH
    [4] pending     HASH (packed tasks not claimed before)
  ARGV:
    [1] taskPrefix
    [2] idemPrefix
    [3] now (epoch ms)
    [4] retention (ms)
    then per task, 3 values: id, leaseToken, result (JSON, '' = none)
  Returns: per task 1 (completed, by this call or by an earlier one with the same token), -1 (not found) or -2
  (lease lost)
]]
--@include task

local processingKey, completedKey, totalsKey, pendingKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local taskPrefix, idemPrefix, now, retention = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local out = {}
local completed = {}

-- An ack whose reply was lost (a timeout, a dropped connection) is sent again; it must not be told the lease is
-- lost when it was its own ack that ended it. A completed task keeps its last lease token, and nothing claims a
-- completed task again, so the same token there means this lease's ack already landed.
local function ackedBefore(taskKey, token)
    local state = redis.call('HMGET', taskKey, 'status', 'leaseToken')
    return state[1] == 'completed' and state[2] == token
end

-- Three calls per task (check the lease, write the outcome, set the expiry), the rest once per batch. The lease
-- fields stay in the hash: with the task no longer processing they fence nothing, and readers ignore them.
for i = 5, #ARGV, 3 do
    local id, token, result = ARGV[i], ARGV[i + 1], ARGV[i + 2]
    local taskKey = taskPrefix .. id
    local refused, idem = checkLease(taskKey, pendingKey, id, token, 'idempotencyKey')
    if refused and ackedBefore(taskKey, token) then
        out[#out + 1] = 1
    elseif refused then
        out[#out + 1] = refused
    else
        if result ~= '' then
            redis.call('HSET', taskKey, 'status', 'completed', 'finishedAt', now, 'result', result)
        else
            redis.call('HSET', taskKey, 'status', 'completed', 'finishedAt', now)
        end
        expireTask(taskKey, idemPrefix, retention, idem)
        completed[#completed + 1] = id
        out[#out + 1] = 1
    end
end
if #completed > 0 then
    withValues('ZREM', processingKey, completed)
    zaddAll(completedKey, now, completed)
    redis.call('HINCRBY', totalsKey, 'completed', #completed)
    trimFinished(completedKey, now, retention, #completed)
end
return out
