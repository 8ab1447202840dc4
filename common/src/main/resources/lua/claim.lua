--[[
  claim: pending -> processing for up to max tasks of one queue, in priority then FIFO order, each under a lease
  with a fresh fencing token. Scheduled tasks that came due are made ready first, so they are not left waiting
  for the next promote tick.

  KEYS:
    [1] ready       prefix of the LISTs of ready ids per priority and their info HASH (see task.lua)
    [2] scheduled   ZSET
    [3] processing  ZSET
    [4] seq         STRING counter (fencing tokens)
    [5] pending     HASH (packed tasks not claimed before)
  ARGV:
    [1] taskPrefix
    [2] now (epoch ms)
    [3] max tasks to claim
    [4] lease (ms)
    [5] workerId
    [6] how many due scheduled tasks to promote at most
  Returns: per claimed task, its flat HGETALL array as it was before the claim (without status when it was packed),
  then 'leaseToken' and the new token (a repeated field's last value is the current one); the caller applies the
  claim's other fields, which are its own arguments (status processing, attempts + 1, startedAt now, workerId,
  leaseUntil now + lease). Fewer tasks than max means no more are ready, unless the last element is the string
  'more' (see SKIP_BUDGET). An error reply STALE, claiming nothing, when the lease would be over before it began
  (see below).
]]
--@include task

local readyPrefix, scheduledKey, processingKey, seqKey, pendingKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
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

-- The entries of cancelled tasks one call skips at most (see task.lua): past that, it answers with what it has and
-- 'more', and the caller calls again, so that a long run of them never holds Redis up for long.
local SKIP_BUDGET = 1000

local deadline = int(tonumber(now) + leaseMs)
local out, leased, unpacked = {}, {}, {}
local listed, skipped = 0, 0
-- Two calls per task (read, then write its claim), the rest once per batch: the claim is the hot path. A task
-- claimed for the first time is read from the pending hash and written whole to its own hash; one claimed before
-- (released, reaped, retried) has its own hash already. An id whose task is not pending was cancelled: skipped, and
-- another popped in its place, so that fewer tasks than asked means none are left.
while #leased < max do
    local want = max - #leased
    local popped, fromLists = popReady(readyPrefix, want)
    if #popped == 0 then
        break
    end
    local firstToken = redis.call('INCRBY', seqKey, #popped) - #popped + 1
    for i, id in ipairs(popped) do
        local taskKey = taskPrefix .. id
        local packed = redis.call('HGET', pendingKey, id)
        local hash, attempts, write
        if packed then
            hash, attempts = unpackTask(id, packed), 1
            unpacked[#unpacked + 1] = id
            write = {unpack(hash)}
        else
            hash, write = redis.call('HGETALL', taskKey), {}
            if fieldOf(hash, 'status') ~= 'pending' then
                hash = {}
            end
            attempts = tonumber(fieldOf(hash, 'attempts') or 0) + 1
        end
        if #hash > 0 then
            if i <= fromLists then
                listed = listed + 1
            end
            local token = int(firstToken + i - 1)
            local n = #write
            write[n + 1], write[n + 2], write[n + 3], write[n + 4] = 'status', 'processing', 'attempts', attempts
            write[n + 5], write[n + 6], write[n + 7], write[n + 8] = 'startedAt', now, 'workerId', workerId
            write[n + 9], write[n + 10], write[n + 11], write[n + 12] = 'leaseToken', token, 'leaseUntil', deadline
            redis.call('HSET', taskKey, unpack(write))
            -- The caller knows the claim's other fields (its own arguments); only the token is news to it.
            n = #hash
            hash[n + 1], hash[n + 2] = 'leaseToken', token
            out[#out + 1] = hash
            leased[#leased + 1] = id
        else
            skipped = skipped + 1
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
