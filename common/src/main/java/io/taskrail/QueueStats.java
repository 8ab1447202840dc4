package io.taskrail;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * A queue's counts, read in one round trip.
 *
 * @param queue  the queue
 * @param counts tasks per status now (completed, dead and cancelled count those still retained)
 * @param totals running totals since the queue was first used: {@code submitted}, {@code completed}, {@code failed}
 *               (failed attempts, including expired leases), {@code retried}, {@code dead}, {@code cancelled}, and
 *               {@code submitted:<type>} per task type
 */
public record QueueStats(String queue, Map<TaskStatus, Long> counts, Map<String, Long> totals) {
    public static final String[] TOTALS = {"submitted", "completed", "failed", "retried", "dead", "cancelled"};

    public long count(TaskStatus status) {
        return counts.getOrDefault(status, 0L);
    }

    public long total(String name) {
        return totals.getOrDefault(name, 0L);
    }

    /** Tasks submitted so far, per type. */
    public Map<String, Long> submittedByType() {
        Map<String, Long> byType = new java.util.TreeMap<>();
        totals.forEach((name, n) -> {
            if (name.startsWith("submitted:")) {
                byType.put(name.substring("submitted:".length()), n);
            }
        });
        return byType;
    }

    public JsonObject toJson() {
        JsonObject c = new JsonObject();
        for (TaskStatus s : TaskStatus.values()) {
            c.put(s.wireName(), count(s));
        }
        JsonObject t = new JsonObject();
        for (String name : TOTALS) {
            t.put(name, total(name));
        }
        return new JsonObject().put("queue", queue).put("counts", c).put("totals", t);
    }
}
