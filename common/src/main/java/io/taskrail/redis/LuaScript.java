package io.taskrail.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lua script from {@code lua/<name>.lua} on the classpath, run by EVALSHA. Lines {@code --@include <file>}
 * are replaced by {@code lua/includes/<file>.lua}, so helpers shared by several transitions are written once.
 *
 * <p>A Redis that restarted has forgotten its scripts and answers NOSCRIPT; the script is then loaded again and the
 * call repeated once, so callers never see it.
 */
public final class LuaScript {
    private static final Pattern INCLUDE = Pattern.compile("(?m)^--@include (\\S+)\\s*$");

    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    /** Reads {@code lua/<name>.lua} from the classpath, with its includes. */
    public static LuaScript load(String name) {
        return new LuaScript(name, expandIncludes(read("lua/" + name + ".lua")));
    }

    public String name() {
        return name;
    }

    /** Loads the script into Redis's script cache. */
    public Future<Void> register(Redis redis) {
        return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source)).mapEmpty();
    }

    /** Runs the script with these KEYS and ARGV; loads it again first if Redis answers NOSCRIPT. */
    public Future<Response> run(Redis redis, List<String> keys, List<String> args) {
        return redis.send(evalsha(keys, args)).recover(error -> {
            String message = error.getMessage();
            if (message == null || !message.startsWith("NOSCRIPT")) {
                return Future.failedFuture(error);
            }
            return register(redis).compose(loaded -> redis.send(evalsha(keys, args)));
        });
    }

    private Request evalsha(List<String> keys, List<String> args) {
        Request request = Request.cmd(Command.EVALSHA).arg(sha).arg(keys.size());
        for (String key : keys) {
            request.arg(key);
        }
        for (String arg : args) {
            request.arg(arg);
        }
        return request;
    }

    private static String expandIncludes(String source) {
        Matcher m = INCLUDE.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(read("lua/includes/" + m.group(1) + ".lua")));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String read(String resource) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JVM", e);
        }
    }
}
