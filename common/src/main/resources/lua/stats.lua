--[[
  stats: a queue's counts per status and its running totals, read together (no writes). Finished sets count
  only the entries still within their retention.

  KEYS:
    [1] ready: prefix of the LISTs of ready ids per priority and their info HASH (see task.lua)
    [2] scheduled [3] processing [4] completed [5] dead [6] cancelled   ZSETs
    [7] totals  HASH
  ARGV:
    [1] now (epoch ms)
    [2] retention (ms)
    [3] dead-letter retention (ms)
  Returns: {pending, scheduled, processing, completed, dead, cancelled, {totals as flat HGETALL}}
]]

--@include task

local now = tonumber(ARGV[1])
local keptSince = string.format('%.0f', now - tonumber(ARGV[2]))
local deadSince = string.format('%.0f', now - tonumber(ARGV[3]))
return {
    readyCount(KEYS[1]) + redis.call('ZCARD', legacyReady(KEYS[1])),
    redis.call('ZCARD', KEYS[2]),
    redis.call('ZCARD', KEYS[3]),
    redis.call('ZCOUNT', KEYS[4], keptSince, '+inf'),
    redis.call('ZCOUNT', KEYS[5], deadSince, '+inf'),
    redis.call('ZCOUNT', KEYS[6], keptSince, '+inf'),
    redis.call('HGETALL', KEYS[7])
}
