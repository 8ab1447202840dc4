--[[
  promote: scheduled -> pending for up to limit tasks whose runAt has come. Idempotent.

  KEYS:
    [1] scheduled   ZSET
    [2] ready       prefix of the LISTs of ready ids per priority and their info HASH (see task.lua)
  ARGV:
    [1] taskPrefix
    [2] now (epoch ms)
    [3] limit
  Returns: how many tasks became ready
]]
--@include task

return promoteDue(KEYS[1], KEYS[2], ARGV[1], ARGV[2], tonumber(ARGV[3]))
