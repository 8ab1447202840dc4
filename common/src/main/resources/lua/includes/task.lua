-- Helpers shared by the transition scripts (spliced in by LuaScript at each --@include line).
-- A task is the HASH at taskPrefix .. id; its idempotency key, if any, the STRING at idemPrefix .. key.

-- Numbers as exact decimal strings: Redis may format a Lua number argument with too few digits.
local function int(n)
    return string.format('%.0f', n)
end

-- Ready-set score: priority (0 first) in the high digits, then the sequence number, so ZPOPMIN gives strict
-- priority and FIFO within a priority. Sequence 0 puts a task at the front of its priority.
local function readyScore(priority, seq)
    return int(tonumber(priority) * 1e14 + seq)
end

-- ZADD of score-member pairs (a flat list), in chunks, as Lua's unpack is limited to a few thousand values.
local function zaddPairs(key, flat)
    for from = 1, #flat, 2000 do
        redis.call('ZADD', key, unpack(flat, from, math.min(#flat, from + 1999)))
    end
end

-- ZADD of many members under one score.
local function zaddAll(key, score, members)
    local flat = {}
    for i, member in ipairs(members) do
        flat[2 * i - 1], flat[2 * i] = score, member
    end
    zaddPairs(key, flat)
end

-- ZREM of many members, in chunks (see zaddPairs).
local function zremAll(key, members)
    for from = 1, #members, 1000 do
        redis.call('ZREM', key, unpack(members, from, math.min(#members, from + 999)))
    end
end

-- A finished task's data, and its idempotency key, expire together after ttl ms. idem is the task's idempotency key
-- when the caller has read it already (false: it has none); left out, it is read here.
local function expireTask(taskKey, idemPrefix, ttl, idem)
    redis.call('PEXPIRE', taskKey, ttl)
    if idem == nil then
        idem = redis.call('HGET', taskKey, 'idempotencyKey')
    end
    if idem then
        redis.call('PEXPIRE', idemPrefix .. idem, ttl)
    end
end

-- Sorted sets of finished tasks hold ids whose data has expired; drop those older than the retention.
local function trimFinished(setKey, now, ttl)
    redis.call('ZREMRANGEBYSCORE', setKey, '-inf', '(' .. int(tonumber(now) - tonumber(ttl)))
end

-- The caller must hold the lease: the task is processing under this fencing token.
-- Returns nil when it does, then the values of the further fields asked for (read in the same call); else the
-- negative code: -1 not found, -2 lease lost.
local function checkLease(taskKey, token, ...)
    local state = redis.call('HMGET', taskKey, 'status', 'leaseToken', ...)
    if not state[1] then
        return -1
    end
    if state[1] ~= 'processing' or state[2] ~= token then
        return -2
    end
    return nil, unpack(state, 3)
end

-- processing -> dead, keeping the error already written to the hash.
local function moveToDead(taskKey, id, deadKey, totalsKey, idemPrefix, now, deadTtl)
    redis.call('HSET', taskKey, 'status', 'dead', 'finishedAt', now)
    redis.call('HDEL', taskKey, 'leaseToken', 'leaseUntil')
    redis.call('ZADD', deadKey, now, id)
    trimFinished(deadKey, now, deadTtl)
    expireTask(taskKey, idemPrefix, deadTtl)
    redis.call('HINCRBY', totalsKey, 'dead', 1)
end

-- scheduled -> pending for up to limit tasks whose runAt <= now. Returns how many moved.
local function promoteDue(scheduledKey, readyKey, seqKey, taskPrefix, now, limit)
    local due = redis.call('ZRANGEBYSCORE', scheduledKey, '-inf', now, 'LIMIT', 0, limit)
    if #due == 0 then
        return 0
    end
    local seq = redis.call('INCRBY', seqKey, #due) - #due
    local moved = 0
    for i, id in ipairs(due) do
        local taskKey = taskPrefix .. id
        local priority = redis.call('HGET', taskKey, 'priority')
        if priority then
            redis.call('HSET', taskKey, 'status', 'pending')
            redis.call('ZADD', readyKey, readyScore(priority, seq + i), id)
            moved = moved + 1
        end
    end
    redis.call('ZREM', scheduledKey, unpack(due))
    return moved
end
