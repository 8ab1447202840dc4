--[[
  fail: record a failed attempt of a task whose lease the caller holds. processing -> scheduled (retry after the
  backoff delay) while attempts are left and the error is retryable, else processing -> dead.

  KEYS:
    [1] processing  ZSET
    [2] scheduled   ZSET
    [3] dead        ZSET
    [4] totals      HASH
    [5] pending     HASH (packed tasks not claimed before)
  ARGV:
    [1] taskPrefix
    [2] idemPrefix
    [3] now (epoch ms)
    [4] id
    [5] leaseToken
    [6] error message
    [7] backoff base (ms)
    [8] backoff factor
    [9] backoff cap (ms)
    [10] jitter draw: a random fraction in [0, jitter) added to the delay
    [11] retryable: 1 or 0
    [12] dead-letter retention (ms)
  The retry waits min(cap, min(cap, base * factor^(attempts - 1)) * (1 + draw)) ms.
  Returns: {1, runAt} retry scheduled; {2, now} dead; {-1} not found; {-2} lease lost. A call made again with the
  same token after it landed (its reply was lost) gets the answer of the one that landed, as near as the task's
  state still tells: {2, finishedAt} while it is dead, else {1, runAt}.
]]
--@include task

local processingKey, scheduledKey, deadKey, totalsKey, pendingKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local taskPrefix, idemPrefix, now, id, token = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local message, base, factor, cap = ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local draw, retryable, deadTtl = tonumber(ARGV[10]), ARGV[11] == '1', ARGV[12]
local taskKey = taskPrefix .. id

local refused, attemptsField, maxAttemptsField = checkLease(taskKey, pendingKey, id, token, 'attempts', 'maxAttempts')
if refused then
    -- The token of the lease whose failure was recorded last, kept for this: the failure ends the lease, so a
    -- repeated call would otherwise be told it lost the lease and the worker would drop its outcome.
    local state = redis.call('HMGET', taskKey, 'failedToken', 'status', 'finishedAt', 'runAt')
    if state[1] == token then
        if state[2] == 'dead' then
            return {2, tonumber(state[3])}
        end
        return {1, tonumber(state[4] or 0)}
    end
    return {refused}
end
local attempts, maxAttempts = tonumber(attemptsField), tonumber(maxAttemptsField)
redis.call('HSET', taskKey, 'error', message, 'errorAttempt', attempts, 'failedToken', token)
redis.call('ZREM', processingKey, id)
redis.call('HINCRBY', totalsKey, 'failed', 1)

if retryable and attempts < maxAttempts then
    local delay = math.min(cap, math.min(cap, base * factor ^ (attempts - 1)) * (1 + draw))
    local runAt = int(tonumber(now) + math.floor(delay))
    expandPacked(taskKey)
    redis.call('HSET', taskKey, 'status', 'scheduled', 'runAt', runAt)
    redis.call('HDEL', taskKey, 'leaseToken', 'leaseUntil')
    redis.call('ZADD', scheduledKey, runAt, id)
    redis.call('HINCRBY', totalsKey, 'retried', 1)
    return {1, tonumber(runAt)}
end
moveToDead(taskKey, id, deadKey, totalsKey, idemPrefix, now, deadTtl)
return {2, tonumber(now)}
