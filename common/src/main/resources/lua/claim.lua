--[[
  claim: pending -> processing for up to max tasks of one queue, in priority then FIFO order, each under a lease
  with a fresh fencing token. Scheduled tasks that came due are made ready first, so they are not left waiting
  for the next promote tick.

  KEYS:
    [1] ready       prefix of the LISTs of ready ids per priority and their info HASH (see task.lua)
    [2] scheduled   ZSET
    [3] processing  ZSET
    [4] seq         STRING, the last fencing token handed out
    [5] pending     HASH (packed tasks not claimed before)
    [6] dead        ZSET
    [7] totals      HASH
  ARGV:
    [1] taskPrefix
    [2] now (epoch ms)
    [3] max tasks to claim
    [4] lease (ms)
    [5] workerId
    [6] how many due scheduled tasks to promote at most
    [7] idemPrefix
    [8] dead-letter retention (ms)
  Returns: one flat array, per claimed task its length n (an integer) then its n values: for a task claimed for the
  first time, id, its packed creation fields (see task.lua), new token (n = 3); for one claimed before, its flat
  HGETALL array as it was before the claim, then 'leaseToken' and the new token (a repeated field's last value is
  the current one; n even). Flat, not an array per task: Redis 6.2 writes each nested array of a script's reply
  with a write() call of its own, which took about a quarter of Redis's CPU in a drain. The caller applies the
  claim's other fields, which are its own arguments (status processing, attempts + 1, startedAt now, workerId,
  leaseUntil now + lease). Fewer tasks than max means no more are ready, unless the last element is the string
  'more' (see SKIP_BUDGET). An error reply STALE, claiming nothing, when the lease would be over before it began
  (see below). A task whose packed fields cannot be read (the value kept as field 'unreadable'), or one claimed
  before whose attempts are not a number (stored data gone wrong), goes to dead instead, with an error saying so:
  failing the call there would lose the ids it popped.
]]
--@include task

local readyPrefix, scheduledKey, processingKey, seqKey, pendingKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local deadKey, totalsKey, idemPrefix, deadTtl = KEYS[6], KEYS[7], ARGV[7], ARGV[8]
local taskPrefix, now, max, leaseMs, workerId = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
if max < 1 then
    return {}
end

-- "now" is the caller's clock when it sent the call. A call held up in the network (a partition that heals, say)
-- arrives with a "now" so old that its leases would be born expired: the reaper would take the tasks back at once,
-- counting an attempt none of them had. Redis's own clock tells; the same check exposes a worker clock running
-- behind by more than a lease.
local time = redis.call('TIME')
local serverNow = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if tonumber(now) + leaseMs <= serverNow then
    return redis.error_reply('STALE claim: its time is ' .. (serverNow - tonumber(now)) .. ' ms behind the Redis '
        .. 'server clock, more than the ' .. leaseMs .. ' ms lease (delayed in the network, or a clock behind)')
end

promoteDue(scheduledKey, readyPrefix, taskPrefix, now, tonumber(ARGV[6]))

-- Reserves n fencing tokens; returns the first. Tokens never fall below the server's clock in microseconds, so they
-- keep rising even when Redis comes back without its last writes (AOF fsync'd once a second, a replica promoted):
-- a plain counter would go back and hand a token out twice, and the worker that had it first, still running the
-- task, could then ack or fail it in the name of the new holder. Claims never come near a million a second, so the
-- counter stays at the clock, and the clock has moved past every token handed out before a restart.
local function nextTokens(key, n, serverTime)
    local floor = tonumber(serverTime[1]) * 1000000 + tonumber(serverTime[2])
    local last = math.max(tonumber(redis.call('GET', key) or 0), floor)
    redis.call('SET', key, int(last + n))
    return last + 1
end

-- The entries of cancelled tasks one call skips at most (see task.lua): past that, it answers with what it has and
-- 'more', and the caller calls again, so that a long run of them never holds Redis up for long.
local SKIP_BUDGET = 1000

-- A task whose stored data went wrong (fields that cannot be read) goes to dead, with an error saying so and any
-- field-value pairs passed after id: an error here would end the script with the batch's ids popped and nowhere
-- else, lost. Dead, the task stays visible.
local function deadAsUnreadable(taskKey, id, ...)
    redis.call('HSET', taskKey, 'error', 'its stored fields cannot be read', 'errorAttempt', 0, ...)
    moveToDead(taskKey, id, deadKey, totalsKey, idemPrefix, now, deadTtl)
end

local deadline = int(tonumber(now) + leaseMs)
local out, leased, unpacked = {}, {}, {}
local listed, skipped = 0, 0
-- One call per task (write its claim), the rest once per batch: the claim is the hot path. A task claimed for the
-- first time is read from the pending hash (one HMGET for the batch), and its own hash keeps the packed creation
-- fields as they are, with the few that scripts read written out beside them (see task.lua); one claimed before
-- (released, reaped, retried) has its own hash already. An id whose task is not pending was cancelled: skipped, and
-- another popped in its place, so that fewer tasks than asked means none are left.
while #leased < max do
    local want = max - #leased
    local popped, fromLists = popReady(readyPrefix, want)
    if #popped == 0 then
        break
    end
    local firstToken = nextTokens(seqKey, #popped, time)
    local packedOf = hmgetAll(pendingKey, popped)
    for i, id in ipairs(popped) do
        local taskKey = taskPrefix .. id
        local token = int(firstToken + i - 1)
        local claimed = nil
        -- Claimed, or sent to dead: either way out of the lists, which 'count' must follow.
        local taken = false
        local packed = packedOf[i]
        local readable, fields = false, nil
        if packed then
            readable, fields = pcall(claimedTaskFields, id, packed, now, workerId, token, deadline)
        end
        if packed and readable then
            unpacked[#unpacked + 1] = id
            redis.call('HSET', taskKey, unpack(fields))
            claimed = {id, packed, token}
        elseif packed then
            -- Its packed fields are kept as they were, under a name readers do not decode.
            unpacked[#unpacked + 1] = id
            deadAsUnreadable(taskKey, id, 'id', id, 'unreadable', packed)
            taken = true
        else
            local hash = redis.call('HGETALL', taskKey)
            if fieldOf(hash, 'status') == 'pending' then
                local attempts = tonumber(fieldOf(hash, 'attempts') or 0)
                if not attempts then
                    deadAsUnreadable(taskKey, id)
                    taken = true
                else
                    redis.call('HSET', taskKey, 'status', 'processing', 'attempts', attempts + 1, 'startedAt', now,
                        'workerId', workerId, 'leaseToken', token, 'leaseUntil', deadline)
                    -- The caller knows the claim's other fields (its own arguments); only the token is news to it.
                    hash[#hash + 1], hash[#hash + 2] = 'leaseToken', token
                    claimed = hash
                end
            end
        end
        if claimed then
            appendSized(out, claimed)
            leased[#leased + 1] = id
            taken = true
        else
            skipped = skipped + 1
        end
        if taken and i <= fromLists then
            listed = listed + 1
        end
    end
    if #popped < want then
        break
    end
    if skipped >= SKIP_BUDGET and #leased < max then
        out[#out + 1] = 'more'
        break
    end
end
withValues('HDEL', pendingKey, unpacked)
zaddAll(processingKey, deadline, leased)
if listed > 0 then
    redis.call('HINCRBY', readyPrefix .. 'info', 'count', -listed)
end
return out
