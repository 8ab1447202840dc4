-- Helpers shared by the transition scripts (spliced in by LuaScript at each --@include line).
-- A task is the HASH at taskPrefix .. id; its idempotency key, if any, the STRING at idemPrefix .. key.

-- Numbers as exact decimal strings: Redis may format a Lua number argument with too few digits.
local function int(n)
    return string.format('%.0f', n)
end

-- Ready tasks wait in one LIST of ids per priority, readyPrefix .. p for p = 0 (claimed first) to 9, FIFO within
-- each: a list entry costs a fraction of the memory of a sorted-set entry. The HASH readyPrefix .. 'info' holds
-- 'count', how many ready tasks the lists hold, and 'head:<p>', the position of list p's first entry counted from
-- where that list began, so that a page cursor (a position) stays put while entries are popped or pushed at the
-- front. A cancelled task's entry stays in its list, as finding it would scan the list; 'count' leaves it out at
-- once, and the claim that pops it skips it.
local LOWEST_PRIORITY = 9

-- True for a priority (a number read from a stored field) that names one of the lists.
local function validPriority(priority)
    return priority ~= nil and priority == math.floor(priority) and priority >= 0 and priority <= LOWEST_PRIORITY
end

-- Before 2026-11-23, ready tasks waited in one ZSET; claims drain any left there (by an older producer, say) after
-- the lists. Its name is readyPrefix without the last character ('{q}:ready').
local function legacyReady(readyPrefix)
    return string.sub(readyPrefix, 1, -2)
end

local function readyCount(readyPrefix)
    return tonumber(redis.call('HGET', readyPrefix .. 'info', 'count') or 0)
end

-- A command that takes many values after its key, members (RPUSH, ZREM, HDEL, HMGET) or pairs given as a flat list
-- (ZADD score-member, HSET field-value), in chunks of an even size, as Lua's unpack is limited to a few thousand
-- values. Returns the replies, one per chunk.
local function withValues(command, key, values)
    local replies = {}
    for from = 1, #values, 2000 do
        replies[#replies + 1] = redis.call(command, key, unpack(values, from, math.min(#values, from + 1999)))
    end
    return replies
end

-- HMGET of many fields; the values in the fields' order (false for a field not set).
local function hmgetAll(key, fields)
    local values = {}
    for _, chunk in ipairs(withValues('HMGET', key, fields)) do
        for i = 1, #chunk do
            values[#values + 1] = chunk[i]
        end
    end
    return values
end

-- Appends ids, all of this priority, to the back of its list.
local function pushReady(readyPrefix, priority, ids)
    if #ids > 0 then
        withValues('RPUSH', readyPrefix .. priority, ids)
        redis.call('HINCRBY', readyPrefix .. 'info', 'count', #ids)
    end
end

-- Puts one task at the front of its priority's list (released, or reaped for another attempt).
local function pushReadyFront(readyPrefix, priority, id)
    local info = readyPrefix .. 'info'
    redis.call('LPUSH', readyPrefix .. priority, id)
    redis.call('HINCRBY', info, 'head:' .. priority, -1)
    redis.call('HINCRBY', info, 'count', 1)
end

-- Takes up to max ids from the fronts of the lists, highest priority first, then from the legacy set. Returns the
-- ids, cancelled ones included, and how many of them came from the lists (the caller lowers 'count' by those it
-- claims, as the cancel did for the rest).
local function popReady(readyPrefix, max)
    local info = readyPrefix .. 'info'
    local ids = {}
    for p = 0, LOWEST_PRIORITY do
        local popped = redis.call('LPOP', readyPrefix .. p, max - #ids)
        if popped then
            redis.call('HINCRBY', info, 'head:' .. p, #popped)
            for _, id in ipairs(popped) do
                ids[#ids + 1] = id
            end
            if #ids >= max then
                return ids, #ids
            end
        end
    end
    local fromLists = #ids
    local legacy = redis.call('ZPOPMIN', legacyReady(readyPrefix), max - #ids)
    for i = 1, #legacy, 2 do
        ids[#ids + 1] = legacy[i]
    end
    return ids, fromLists
end

-- A task that has not been claimed yet waits as one field of its queue's pending HASH (id -> its creation fields,
-- packed with MessagePack), not as a HASH of its own: a key per task costs about 150 bytes of Redis memory more per
-- waiting task, and a backlog of waiting tasks is what Redis memory is spent on. A cancel unpacks it into the task's
-- own HASH. Its first claim copies the packed value as it is into the task's own HASH, field 'packed', and writes out
-- beside it only the creation fields that scripts read (claimedTaskFields): writing every field out was the largest
-- cost of a claim, and readers in Java unpack the rest. A field written out wins over its packed value. A task that
-- goes back to ready (released, reaped, retried) has its fields written out again (expandPacked), so that a task
-- that waits is either packed in the pending hash or a plain HASH, as workers of older versions expect (an older
-- version's reaper or retry of dead letters leaves 'packed' in place; readers here take either form).
-- The packed values are strings, in this order; '' stands for a field at its default.
local PACKED_FIELDS = {'type', 'payload', 'priority', 'maxAttempts', 'createdAt', 'timeoutMs', 'runAt',
    'idempotencyKey'}

local function packTask(taskType, payload, priority, maxAttempts, createdAt, timeoutMs, runAt, idem)
    return cmsgpack.pack({taskType, payload, priority, maxAttempts, createdAt, timeoutMs, runAt, idem})
end

-- Appends a packed task's fields to a flat field-value list (HGETALL's shape), defaults left out; returns the list.
local function appendPacked(fields, packed)
    local values = cmsgpack.unpack(packed)
    for i, name in ipairs(PACKED_FIELDS) do
        if values[i] ~= nil and values[i] ~= '' then
            fields[#fields + 1], fields[#fields + 2] = name, values[i]
        end
    end
    return fields
end

-- A packed task's fields with its id first, as a flat field-value list; no status.
local function unpackTask(id, packed)
    return appendPacked({'id', id}, packed)
end

-- True when every packed value is there as a string (the idempotency key may be absent): all of them, as
-- expandPacked writes every one out (a release, a reap, a retry), from scripts that have written by then. values is
-- what cmsgpack.unpack gave.
local function packedValuesReadable(values)
    if type(values) ~= 'table' then
        return false
    end
    for i = 1, 7 do
        if type(values[i]) ~= 'string' then
            return false
        end
    end
    return values[8] == nil or type(values[8]) == 'string'
end

-- True when expandPacked can write this packed value out.
local function packedReadable(packed)
    local unpacked, values = pcall(cmsgpack.unpack, packed)
    return unpacked and packedValuesReadable(values)
end

-- The fields a first claim writes beside the packed value (see above), as a flat field-value list: the id, those
-- that scripts read (type, priority, maxAttempts, the idempotency key if any), then the lease's.
local function claimedTaskFields(id, packed, now, workerId, token, leaseUntil)
    local values = cmsgpack.unpack(packed)
    -- Checked here, inside the claim's pcall: a nil among the fields below would make the HSET fail after the claim
    -- popped its ids; a task that passes here expands later.
    if not packedValuesReadable(values) then
        error('packed task fields of ' .. id .. ' cannot be read')
    end
    local fields = {'id', id, 'packed', packed, 'type', values[1], 'priority', values[3], 'maxAttempts', values[4],
        'status', 'processing', 'attempts', 1, 'startedAt', now, 'workerId', workerId, 'leaseToken', token,
        'leaseUntil', leaseUntil}
    if values[8] and values[8] ~= '' then
        fields[#fields + 1], fields[#fields + 2] = 'idempotencyKey', values[8]
    end
    return fields
end

-- Writes out a claimed task's packed fields and drops the packed value, before it goes back to ready. Callers expand
-- before they write fields of their own (a retry's runAt), which must win over the packed values.
local function expandPacked(taskKey)
    local packed = redis.call('HGET', taskKey, 'packed')
    if packed then
        redis.call('HSET', taskKey, unpack(appendPacked({}, packed)))
        redis.call('HDEL', taskKey, 'packed')
    end
end

-- A field's value in a flat field-value list; nil when absent.
local function fieldOf(fields, name)
    for f = 1, #fields, 2 do
        if fields[f] == name then
            return fields[f + 1]
        end
    end
    return nil
end

-- A task as HGETALL would answer for it, whichever way it is stored; {} when it is not.
local function readTask(taskKey, pendingKey, id)
    local hash = redis.call('HGETALL', taskKey)
    if #hash > 0 then
        return hash
    end
    local packed = redis.call('HGET', pendingKey, id)
    if not packed then
        return hash
    end
    local fields = unpackTask(id, packed)
    fields[#fields + 1], fields[#fields + 2] = 'status', 'pending'
    return fields
end

-- Appends values to a flat reply as their count, then the values. Scripts answer one flat array rather than an
-- array per task: Redis 6.2 writes each nested array of a script's reply with a write() call of its own.
local function appendSized(out, values)
    out[#out + 1] = #values
    for _, value in ipairs(values) do
        out[#out + 1] = value
    end
end

-- ZADD of many members under one score.
local function zaddAll(key, score, members)
    local flat = {}
    for i, member in ipairs(members) do
        flat[2 * i - 1], flat[2 * i] = score, member
    end
    withValues('ZADD', key, flat)
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
local TRIM_AT_MOST = 1000
local function trimFinished(setKey, now, ttl, added)
    -- A bounded number of the oldest entries per call, at least twice what the call added, so the set keeps up:
    -- after a long idle spell (or a shorter retention) millions can be out of date at once, and removing them in
    -- one go would hold Redis up for seconds. Counts read the set from the retention's start, so a few stale
    -- entries left for later calls change nothing.
    local stale = redis.call('ZCOUNT', setKey, '-inf', '(' .. int(tonumber(now) - tonumber(ttl)))
    if stale > 0 then
        redis.call('ZREMRANGEBYRANK', setKey, 0, math.min(stale, math.max(TRIM_AT_MOST, 2 * (added or 1))) - 1)
    end
end

-- The caller must hold the lease: the task is processing under this fencing token.
-- Returns nil when it does, then the values of the further fields asked for (read in the same call); else the
-- negative code: -1 not found, -2 lease lost.
local function checkLease(taskKey, pendingKey, id, token, ...)
    local state = redis.call('HMGET', taskKey, 'status', 'leaseToken', ...)
    if not state[1] then
        -- Never claimed: it waits packed, and nobody holds its lease.
        if redis.call('HEXISTS', pendingKey, id) == 1 then
            return -2
        end
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

-- scheduled -> pending for up to limit tasks whose runAt <= now, in runAt order. Returns how many moved.
local function promoteDue(scheduledKey, readyPrefix, taskPrefix, now, limit)
    local due = redis.call('ZRANGEBYSCORE', scheduledKey, '-inf', now, 'LIMIT', 0, limit)
    if #due == 0 then
        return 0
    end
    local moved = 0
    for _, id in ipairs(due) do
        local taskKey = taskPrefix .. id
        local priority = redis.call('HGET', taskKey, 'priority')
        if priority then
            redis.call('HSET', taskKey, 'status', 'pending')
            redis.call('RPUSH', readyPrefix .. priority, id)
            moved = moved + 1
        end
    end
    if moved > 0 then
        redis.call('HINCRBY', readyPrefix .. 'info', 'count', moved)
    end
    withValues('ZREM', scheduledKey, due)
    return moved
end
