package io.taskrail;

import java.util.Map;

/**
 * Task priority: an integer 0..9, where 0 runs first. The named levels map into that range so that numeric
 * priorities can sit above {@code high} (0 and 1, for the urgent) or below {@code low} (9, for bulk work):
 *
 * <pre>
 *   0  1  [2 = high]  3  4  [5 = normal]  6  7  [8 = low]  9
 * </pre>
 * Within one priority, tasks run in the order they became ready (FIFO).
 */
public final class Priority {
    public static final int HIGHEST = 0;
    public static final int LOWEST = 9;
    public static final int HIGH = 2;
    public static final int NORMAL = 5;
    public static final int LOW = 8;

    private static final Map<String, Integer> NAMED = Map.of("high", HIGH, "normal", NORMAL, "low", LOW);

    private Priority() {
    }

    /**
     * Reads a priority from JSON: {@code null} means {@link #NORMAL}, a string must be a named level, and a number
     * must be a whole number in 0..9.
     *
     * @throws InvalidTaskException when the value is none of these
     */
    public static int parse(Object value) {
        if (value == null) {
            return NORMAL;
        }
        if (value instanceof String name) {
            Integer level = NAMED.get(name);
            if (level == null) {
                throw new InvalidTaskException("priority", "unknown priority '" + name + "': use high, normal, low or 0-9");
            }
            return level;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d != Math.rint(d) || d < HIGHEST || d > LOWEST) {
                throw new InvalidTaskException("priority", "priority must be a whole number from 0 (highest) to 9");
            }
            return (int) d;
        }
        throw new InvalidTaskException("priority", "priority must be high, normal, low or an integer 0-9");
    }
}
