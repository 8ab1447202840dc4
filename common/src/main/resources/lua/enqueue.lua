--[[
  enqueue: store new tasks, all or nothing, each in its queue's ready lists (runAt due) or scheduled set (runAt in
  the future). A ready task is stored packed in its queue's pending hash (see task.lua), a scheduled one as its own
  HASH. A task whose idempotency key is known stores nothing and answers with the first task's id.
  When a queue's ready tasks would grow past its maximum, nothing at all is stored.

  KEYS, four per distinct queue q = 1..n, in order:
    [4q-3] ready       prefix of the LISTs of ready ids per priority and their info HASH (see task.lua)
    [4q-2] scheduled   ZSET
    [4q-1] totals      HASH (submitted, and submitted:<type> per type)
    [4q]   pending     HASH (a ready task's packed fields until its first claim, see task.lua)
  ARGV:
    [1] now (epoch ms)
    [2] n, the number of queues
    then per queue q, 5 values: queue name, taskPrefix, idemPrefix, maxPending (0 = no limit), tasks for q in this call
    then per task, 9 values: q, id, type, payload (JSON), priority, maxAttempts, timeoutMs, runAt, idempotencyKey
      (runAt 0 = now; idempotencyKey '' = none)
  Returns: one flat array, per task 3 values: id, status, created (1 new, 0 idempotent duplicate) (flat: Redis 6
           writes each nested array of a script's reply with a write call of its own, see claim.lua);
           or {-4, queue, pending} when that queue is full
]]
--@include task

local now = ARGV[1]
local queueCount = tonumber(ARGV[2])
local out = {}

for q = 1, queueCount do
    local maxPending = tonumber(ARGV[5 * q + 1])
    if maxPending > 0 then
        local pending = readyCount(KEYS[4 * q - 3])
        if pending + tonumber(ARGV[5 * q + 2]) > maxPending then
            return {-4, ARGV[5 * q - 2], pending}
        end
    end
end

-- Per queue, what the tasks add up to, written once at the end: the ready ids per priority, the packed tasks, the
-- scheduled entries, and the counters.
local ready, packed, scheduled, submitted, byType = {}, {}, {}, {}, {}
for q = 1, queueCount do
    ready[q], packed[q], scheduled[q], submitted[q], byType[q] = {}, {}, {}, 0, {}
end

for i = 3 + 5 * queueCount, #ARGV, 9 do
    local q = tonumber(ARGV[i])
    local id, taskType, payload, priority = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
    local maxAttempts, timeoutMs, runAt, idem = ARGV[i + 5], ARGV[i + 6], ARGV[i + 7], ARGV[i + 8]
    local taskPrefix, idemPrefix = ARGV[5 * q - 1], ARGV[5 * q]

    local prior = nil
    if idem ~= '' then
        prior = redis.call('GET', idemPrefix .. idem)
    end
    if prior then
        out[#out + 1], out[#out + 2], out[#out + 3] = prior,
            redis.call('HGET', taskPrefix .. prior, 'status') or 'pending', 0
    else
        if runAt == '0' then
            runAt = now
        end
        local status = 'pending'
        if tonumber(runAt) > tonumber(now) then
            status = 'scheduled'
        end
        -- Fields at their default are left out, as memory per waiting task is what a backlog costs: the queue is
        -- in the id, attempts 0, timeoutMs 0 (the worker's default), runAt the creation time.
        if timeoutMs == '0' then
            timeoutMs = ''
        end
        if runAt == now then
            runAt = ''
        end
        if idem ~= '' then
            redis.call('SET', idemPrefix .. idem, id)
        end
        if status == 'scheduled' then
            local fields = {'id', id, 'type', taskType, 'payload', payload, 'priority', priority, 'status', status,
                'maxAttempts', maxAttempts, 'createdAt', now, 'runAt', runAt}
            if timeoutMs ~= '' then
                fields[#fields + 1], fields[#fields + 2] = 'timeoutMs', timeoutMs
            end
            if idem ~= '' then
                fields[#fields + 1], fields[#fields + 2] = 'idempotencyKey', idem
            end
            redis.call('HSET', taskPrefix .. id, unpack(fields))
            local entries = scheduled[q]
            entries[#entries + 1], entries[#entries + 2] = runAt, id
        else
            local fields = packed[q]
            fields[#fields + 1] = id
            fields[#fields + 1] = packTask(taskType, payload, priority, maxAttempts, now, timeoutMs, runAt, idem)
            local ids = ready[q][priority]
            if not ids then
                ids = {}
                ready[q][priority] = ids
            end
            ids[#ids + 1] = id
        end
        submitted[q] = submitted[q] + 1
        byType[q][taskType] = (byType[q][taskType] or 0) + 1
        out[#out + 1], out[#out + 2], out[#out + 3] = id, status, 1
    end
end

for q = 1, queueCount do
    withValues('HSET', KEYS[4 * q], packed[q])
    for priority, ids in pairs(ready[q]) do
        pushReady(KEYS[4 * q - 3], priority, ids)
    end
    withValues('ZADD', KEYS[4 * q - 2], scheduled[q])
    if submitted[q] > 0 then
        local totalsKey = KEYS[4 * q - 1]
        redis.call('HINCRBY', totalsKey, 'submitted', submitted[q])
        for taskType, count in pairs(byType[q]) do
            redis.call('HINCRBY', totalsKey, 'submitted:' .. taskType, count)
        end
    end
end
return out
