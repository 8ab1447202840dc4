--[[
  get: one task, whichever way it is stored (its own hash, or packed in the pending hash). No writes.

  KEYS:
    [1] the task's HASH
    [2] pending     HASH (packed tasks not claimed before)
  ARGV:
    [1] id
  Returns: the task as a flat HGETALL array; {} when there is no such task
]]
--@include task

return readTask(KEYS[1], KEYS[2], ARGV[1])
