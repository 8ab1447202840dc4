--[[
  deregister: a worker that shuts down cleanly leaves the registry at once.

  KEYS:
    [1] live workers  ZSET
  ARGV:
    [1] workerPrefix
    [2] worker id
  Returns: 1
]]

redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('DEL', ARGV[1] .. ARGV[2])
return 1
