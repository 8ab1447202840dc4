package io.taskrail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A worker as the registry knows it.
 *
 * @param id            unique per worker process
 * @param host          the host it runs on
 * @param pid           its process id
 * @param queues        the queues it serves, in order; empty means every queue
 * @param concurrency   tasks it runs at once at most
 * @param inFlight      tasks it runs now
 * @param processed     tasks it completed since it started
 * @param failed        attempts that failed on it since it started
 * @param startedAt     when it started (epoch ms)
 * @param lastHeartbeat when it last reported (epoch ms)
 */
public record WorkerInfo(String id, String host, long pid, List<String> queues, int concurrency, int inFlight,
                         long processed, long failed, long startedAt, long lastHeartbeat) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("host", host)
                .put("pid", pid)
                .put("queues", new JsonArray(queues))
                .put("concurrency", concurrency)
                .put("inFlight", inFlight)
                .put("processed", processed)
                .put("failed", failed)
                .put("startedAt", startedAt)
                .put("lastHeartbeat", lastHeartbeat);
    }
}
