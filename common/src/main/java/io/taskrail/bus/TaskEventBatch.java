package io.taskrail.bus;

/**
 * Writes one {@code tasks:events} message as JSON text, step by step: {@code {"events": [step, ...]}} (see
 * {@link Addresses#TASKS_EVENTS}). A worker publishes steps at the rate it runs tasks, two or more per task, so they
 * are written straight into the message rather than built as a JsonObject each: sent as text, the message is not
 * copied for a consumer in the same JVM (a JsonObject is, deeply, being mutable), nor serialised to JSON again to
 * cross the cluster. {@link TaskEvents#forEach} reads it back.
 */
public final class TaskEventBatch {
    private final StringBuilder json = new StringBuilder(256).append("{\"events\":[");
    private int size;

    /**
     * Adds a step. {@code attempt} below 1 (not known, as for a task the reaper took back) and a null {@code error}
     * are left out.
     */
    public TaskEventBatch add(String event, String taskId, String type, String queue, String workerId, int attempt,
                              long waitMs, long runMs, long ts, String error) {
        json.append(size == 0 ? "{" : ",{");
        string("event", event);
        json.append(',');
        string("taskId", taskId);
        json.append(',');
        string("type", type);
        json.append(',');
        string("queue", queue);
        json.append(',');
        string("workerId", workerId);
        if (attempt > 0) {
            json.append(",\"attempt\":").append(attempt);
        }
        json.append(",\"waitMs\":").append(waitMs).append(",\"runMs\":").append(runMs).append(",\"ts\":").append(ts);
        if (error != null) {
            json.append(',');
            string("error", error);
        }
        json.append('}');
        size++;
        return this;
    }

    /** Steps added so far. */
    public int size() {
        return size;
    }

    /** The message: the steps added so far. */
    public String toMessage() {
        return json + "]}";
    }

    private void string(String field, String value) {
        json.append('"').append(field).append("\":");
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        if (!needsEscaping(value)) {
            // Ids, names and most messages: appended whole, far faster than char by char.
            json.append(value).append('"');
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static boolean needsEscaping(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
