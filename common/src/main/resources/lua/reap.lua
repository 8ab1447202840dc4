--[[
  reap: for up to limit tasks whose lease expired, processing -> pending (front of its priority; the attempt
  counts) or, when its attempts are spent, processing -> dead. Safe for every worker to run at once: a task is
  reaped by whichever call finds it first.

  KEYS:
    [1] processing  ZSET
    [2] ready       prefix of the LISTs of ready ids per priority and their info HASH (see task.lua)
    [3] dead        ZSET
    [4] totals      HASH
  ARGV:
    [1] taskPrefix
    [2] idemPrefix
    [3] now (epoch ms)
    [4] limit
    [5] dead-letter retention (ms)
  Returns: flat {id, newStatus, type, id, newStatus, type, ...} (type '' when it is not stored). A task whose stored
  fields cannot be read (stored data gone wrong since its claim) goes to dead, with an error saying so; its packed
  value, if any, is kept as field 'unreadable'. Failing the call there would have left it out of processing and in
  no other set, lost, with the tasks after it left for the next call.
]]
--@include task

local processingKey, readyPrefix, deadKey, totalsKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local taskPrefix, idemPrefix, now, limit, deadTtl = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]

-- The values read here, checked before anything is written: the requeue needs numbers, a priority that names a list,
-- and a packed value that expandPacked can write out.
local function readable(attempts, maxAttempts, priority, packed)
    return attempts ~= nil and maxAttempts ~= nil and validPriority(priority) and (not packed or packedReadable(packed))
end

local expired = redis.call('ZRANGEBYSCORE', processingKey, '-inf', '(' .. now, 'LIMIT', 0, limit)
local out = {}
for _, id in ipairs(expired) do
    local taskKey = taskPrefix .. id
    redis.call('ZREM', processingKey, id)
    local fields = redis.call('HMGET', taskKey, 'attempts', 'maxAttempts', 'priority', 'workerId', 'type', 'packed')
    local attempts, maxAttempts, priority = tonumber(fields[1]), tonumber(fields[2]), tonumber(fields[3])
    -- A hash that lost its attempts field still holds the task: dead as unreadable, not dropped with the data gone.
    local exists = fields[1] or redis.call('EXISTS', taskKey) == 1
    if exists and not readable(attempts, maxAttempts, priority, fields[6]) then
        -- A packed value that can be read is left in place: it holds the payload.
        if fields[6] and not packedReadable(fields[6]) then
            redis.call('HSET', taskKey, 'unreadable', fields[6])
            redis.call('HDEL', taskKey, 'packed')
        end
        redis.call('HSET', taskKey, 'error', 'its stored fields cannot be read', 'errorAttempt', attempts or 0)
        moveToDead(taskKey, id, deadKey, totalsKey, idemPrefix, now, deadTtl)
        out[#out + 1] = id
        out[#out + 1] = 'dead'
        out[#out + 1] = fields[5] or ''
    elseif exists then
        redis.call('HSET', taskKey, 'error', 'lease expired: worker ' .. (fields[4] or '?') .. ' stopped renewing it',
            'errorAttempt', attempts)
        redis.call('HINCRBY', totalsKey, 'failed', 1)
        if attempts >= maxAttempts then
            moveToDead(taskKey, id, deadKey, totalsKey, idemPrefix, now, deadTtl)
            out[#out + 1] = id
            out[#out + 1] = 'dead'
            out[#out + 1] = fields[5] or ''
        else
            expandPacked(taskKey)
            redis.call('HSET', taskKey, 'status', 'pending')
            redis.call('HDEL', taskKey, 'leaseToken', 'leaseUntil')
            pushReadyFront(readyPrefix, int(priority), id)
            redis.call('HINCRBY', totalsKey, 'retried', 1)
            out[#out + 1] = id
            out[#out + 1] = 'pending'
            out[#out + 1] = fields[5] or ''
        end
    end
end
return out
