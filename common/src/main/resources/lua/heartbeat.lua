--[[
  heartbeat: register or refresh a worker. Its hash expires ttl ms after the last heartbeat, and the live set
  drops every worker silent for that long, so a crashed worker disappears on its own.

  KEYS:
    [1] live workers  ZSET (score = last heartbeat)
  ARGV:
    [1] workerPrefix
    [2] worker id
    [3] now (epoch ms)
    [4] ttl (ms)
    [5..] field, value pairs of the worker's registration and counters
  Returns: 1
]]

local liveKey, workerKey, now, ttl = KEYS[1], ARGV[1] .. ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local fields = {}
for i = 5, #ARGV do
    fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', workerKey, 'lastHeartbeat', ARGV[3], unpack(fields))
redis.call('PEXPIRE', workerKey, ttl)
redis.call('ZADD', liveKey, ARGV[3], ARGV[2])
redis.call('ZREMRANGEBYSCORE', liveKey, '-inf', '(' .. string.format('%.0f', now - ttl))
return 1
