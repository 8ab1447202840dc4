--[[
  deleteDead: remove dead letters for good, with their idempotency keys.

  KEYS:
    [1] dead        ZSET
    [2] pending     HASH (packed tasks not claimed before)
  ARGV:
    [1] taskPrefix
    [2] idemPrefix
    [3] limit: with no ids given, the first `limit` dead letters that died at or before [4] are deleted
    [4] with no ids: the latest death time (epoch ms) to take, so that a sweep ends even while tasks keep dying
    [5] with no ids: how many of those to pass over first (letters an earlier call of the sweep left in place)
    [6..] task ids (optional)
  Returns: per id 1 (deleted), -1 (not found) or -3 (not dead)
]]

local deadKey, pendingKey = KEYS[1], KEYS[2]
local taskPrefix, idemPrefix = ARGV[1], ARGV[2]
local ids = {}
if #ARGV > 5 then
    for i = 6, #ARGV do
        ids[#ids + 1] = ARGV[i]
    end
else
    ids = redis.call('ZRANGEBYSCORE', deadKey, '-inf', ARGV[4], 'LIMIT', tonumber(ARGV[5]), tonumber(ARGV[3]))
end

local out = {}
for _, id in ipairs(ids) do
    local taskKey = taskPrefix .. id
    local fields = redis.call('HMGET', taskKey, 'status', 'idempotencyKey')
    if not fields[1] and redis.call('HEXISTS', pendingKey, id) == 1 then
        fields[1] = 'pending'
    end
    if not fields[1] then
        redis.call('ZREM', deadKey, id)
        out[#out + 1] = -1
    elseif fields[1] ~= 'dead' then
        -- Not dead (any more): it does not belong in the dead set.
        redis.call('ZREM', deadKey, id)
        out[#out + 1] = -3
    else
        if fields[2] then
            redis.call('DEL', idemPrefix .. fields[2])
        end
        redis.call('DEL', taskKey)
        redis.call('ZREM', deadKey, id)
        out[#out + 1] = 1
    end
end
return out
