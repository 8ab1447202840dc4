--[[
  claim: pending -> processing for up to max tasks of one queue, in priority then FIFO order, each under a lease
  with a fresh fencing token. Scheduled tasks that came due are made ready first, so they are not left waiting
  for the next promote tick.

  KEYS:
    [1] ready       ZSET
    [2] scheduled   ZSET
    [3] processing  ZSET
    [4] seq         STRING counter (sequence numbers and fencing tokens)
  ARGV:
    [1] taskPrefix
    [2] now (epoch ms)
    [3] max tasks to claim
    [4] lease (ms)
    [5] workerId
    [6] how many due scheduled tasks to promote at most
  Returns: per claimed task, its flat HGETALL array as it was before the claim, then 'leaseToken' and the new token
  (a repeated field's last value is the current one); the caller applies the claim's other fields, which are its
  own arguments (status processing, attempts + 1, startedAt now, workerId, leaseUntil now + lease). An error reply
  STALE, claiming nothing, when the lease would be over before it began (see below).
]]
--@include task

local readyKey, scheduledKey, processingKey, seqKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local taskPrefix, now, max, leaseMs, workerId = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]

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

promoteDue(scheduledKey, readyKey, seqKey, taskPrefix, now, tonumber(ARGV[6]))

local popped = redis.call('ZPOPMIN', readyKey, max)
local count = #popped / 2
if count == 0 then
    return {}
end
local firstToken = redis.call('INCRBY', seqKey, count) - count + 1
local deadline = int(tonumber(now) + leaseMs)
local out = {}
local leased = {}
-- Two calls per task (read, then write its claim), the rest once per batch: the claim is the hot path.
for i = 1, count do
    local id = popped[2 * i - 1]
    local taskKey = taskPrefix .. id
    local hash = redis.call('HGETALL', taskKey)
    if #hash > 0 then
        local attempts = 1
        for f = 1, #hash, 2 do
            if hash[f] == 'attempts' then
                attempts = tonumber(hash[f + 1]) + 1
                break
            end
        end
        local token = int(firstToken + i - 1)
        redis.call('HSET', taskKey, 'status', 'processing', 'attempts', attempts, 'startedAt', now,
            'workerId', workerId, 'leaseToken', token, 'leaseUntil', deadline)
        -- The caller knows the claim's other fields (its own arguments); only the token is news to it.
        local n = #hash
        hash[n + 1], hash[n + 2] = 'leaseToken', token
        out[#out + 1] = hash
        leased[#leased + 1] = id
    end
end
zaddAll(processingKey, deadline, leased)
return out
