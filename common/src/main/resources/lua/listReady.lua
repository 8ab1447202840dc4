--[[
  listReady: one page of a queue's ready tasks, in the order they will be claimed (priority, then FIFO), after a
  cursor: a priority and a position in its list (see task.lua for positions). Reads the page's stretch of each list,
  never a whole list. Entries of cancelled tasks are skipped. A type filter examines at most `budget` entries, so a
  page can come back short with a cursor to go on from. No writes. (Tasks still in the ZSET of versions before
  2026-11-23 are not listed; the claims drain it first.)

  KEYS:
    [1] ready       prefix of the LISTs of ready ids per priority and their info HASH (see task.lua)
    [2] pending     HASH (packed tasks not claimed before)
  ARGV:
    [1] taskPrefix
    [2] cursor priority ('' = from the start)
    [3] cursor position (the position of the last task of the previous page)
    [4] limit
    [5] type ('' = any)
    [6] budget: entries to examine at most
  Returns: {nextPriority, nextPosition, then per task the length n of its flat HGETALL array and its n values};
  nextPriority '' = no more. Flat, as list.lua's.
]]
--@include task

local readyPrefix, pendingKey, taskPrefix = KEYS[1], KEYS[2], ARGV[1]
local afterPriority, afterPosition = tonumber(ARGV[2]), tonumber(ARGV[3])
-- The cursor comes from a client: a position that is not a whole number of sane size (1.5, inf, nan) starts its
-- priority over, rather than reaching LRANGE as an error.
if afterPosition and (afterPosition ~= math.floor(afterPosition) or math.abs(afterPosition) > 1e15) then
    afterPosition = nil
end
local limit, wanted, budget = tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])

local out = {'', ''}
local found, examined = 0, 0
local chunk = math.max(limit, 50)
for priority = math.max(0, afterPriority or 0), LOWEST_PRIORITY do
    local listKey = readyPrefix .. priority
    local head = tonumber(redis.call('HGET', readyPrefix .. 'info', 'head:' .. priority) or 0)
    -- A position the list's front has passed since (claimed meanwhile) resumes at the front.
    local start = 0
    if priority == afterPriority and afterPosition then
        start = math.max(0, afterPosition + 1 - head)
    end
    while true do
        local ids = redis.call('LRANGE', listKey, int(start), int(start + chunk - 1))
        if #ids == 0 then
            break
        end
        for i, id in ipairs(ids) do
            examined = examined + 1
            local task = readTask(taskPrefix .. id, pendingKey, id)
            if fieldOf(task, 'status') == 'pending' and (wanted == '' or fieldOf(task, 'type') == wanted) then
                appendSized(out, task)
                found = found + 1
            end
            if found == limit or examined >= budget then
                out[1], out[2] = tostring(priority), int(head + start + i - 1)
                return out
            end
        end
        start = start + chunk
    end
end
return out
