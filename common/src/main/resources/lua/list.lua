--[[
  list: one page of the tasks in one status set, after a cursor, reading that set only (no KEYS, no SCAN). Ids
  whose data has expired are skipped. A type filter examines at most `budget` entries, so a page can come back
  short with a cursor to go on from. No writes.

  KEYS:
    [1] the status's sorted set
  ARGV:
    [1] taskPrefix
    [2] cursor score ('' = from the start)
    [3] cursor id (the last id of the previous page)
    [4] limit
    [5] type ('' = any)
    [6] budget: entries to examine at most
  Returns: {nextScore, nextId, then per task the length n of its flat HGETALL array and its n values}; nextScore
  '' = no more. Flat, not an array per task: Redis 6.2 writes each nested array of a reply with a write() call of
  its own (see claim.lua).
]]
--@include task

local setKey, taskPrefix = KEYS[1], ARGV[1]
local afterScore, afterId, limit, wanted, budget = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])

-- Where to start: just past the cursor entry if it is still there, else at the first entry of its score, skipping
-- those of equal score that sort (by id) at or before it.
local start = 0
local skipTies = false
if afterScore ~= '' then
    local rank = redis.call('ZRANK', setKey, afterId)
    if rank and tonumber(redis.call('ZSCORE', setKey, afterId)) == tonumber(afterScore) then
        start = rank + 1
    else
        start = redis.call('ZCOUNT', setKey, '-inf', '(' .. afterScore)
        skipTies = true
    end
end

local out = {'', ''}
local found, examined = 0, 0
local chunk = math.max(limit, 50)
while true do
    local entries = redis.call('ZRANGE', setKey, start, start + chunk - 1, 'WITHSCORES')
    if #entries == 0 then
        return out
    end
    for i = 1, #entries, 2 do
        local id, score = entries[i], entries[i + 1]
        local tie = skipTies and tonumber(score) == tonumber(afterScore) and id <= afterId
        if not tie then
            skipTies = false
            examined = examined + 1
            local taskKey = taskPrefix .. id
            if wanted == '' or redis.call('HGET', taskKey, 'type') == wanted then
                local task = redis.call('HGETALL', taskKey)
                if #task > 0 then
                    appendSized(out, task)
                    found = found + 1
                end
            end
            if found == limit or examined >= budget then
                out[1], out[2] = score, id
                return out
            end
        end
    end
    start = start + chunk
end
