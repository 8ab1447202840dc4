package io.taskrail.store.impl;

import io.taskrail.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

import java.util.List;

/** The store's Lua scripts, one per transition (see {@code resources/lua/} for each contract). */
final class Scripts {
    final LuaScript enqueue = LuaScript.load("enqueue");
    final LuaScript claim = LuaScript.load("claim");
    final LuaScript ack = LuaScript.load("ack");
    final LuaScript fail = LuaScript.load("fail");
    final LuaScript extend = LuaScript.load("extend");
    final LuaScript release = LuaScript.load("release");
    final LuaScript cancel = LuaScript.load("cancel");
    final LuaScript reap = LuaScript.load("reap");
    final LuaScript promote = LuaScript.load("promote");
    final LuaScript retryDead = LuaScript.load("retryDead");
    final LuaScript deleteDead = LuaScript.load("deleteDead");
    final LuaScript stats = LuaScript.load("stats");
    final LuaScript list = LuaScript.load("list");
    final LuaScript listReady = LuaScript.load("listReady");
    final LuaScript get = LuaScript.load("get");
    final LuaScript registerQueues = LuaScript.load("registerQueues");

    private final List<LuaScript> all = List.of(enqueue, claim, ack, fail, extend, release, cancel, reap, promote,
            retryDead, deleteDead, stats, list, listReady, get, registerQueues);

    Future<Void> registerAll(Redis redis) {
        return Future.all(all.stream().map(script -> script.register(redis)).toList()).mapEmpty();
    }
}
