package io.taskrail.redis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The oldest Redis the scripts run on: 6.2, for LPOP with a count (the claim pops a batch from a ready list).
 * Debian 11 and Ubuntu 22.04 ship 6.0, so a {@code redis-server} found on a PATH may be too old.
 */
public final class RedisVersion {
    public static final String MINIMUM = "6.2";

    /** "redis_version:6.2.11" (INFO server) or "v=6.2.11" ({@code redis-server --version}). */
    private static final Pattern VERSION = Pattern.compile("(?:redis_version:|\\bv=)(\\d+)\\.(\\d+)");

    private RedisVersion() {
    }

    /** The major.minor version named in this text, or null when it names none. */
    public static String in(String text) {
        Matcher m = VERSION.matcher(text);
        return m.find() ? m.group(1) + "." + m.group(2) : null;
    }

    /** Whether a major.minor version is {@link #MINIMUM} or later. */
    public static boolean supported(String version) {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return major > 6 || major == 6 && minor >= 2;
    }
}
