package io.taskrail.producer;

import io.taskrail.Task;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DeadLetterRoutesTest extends ProducerFixture {

    @Test
    void deadLettersCanBeListedRetriedDeletedAndPurged() {
        List<String> dead = killSome("q1", 3);
        dead.addAll(killSome("q2", 2));

        JsonObject page = get("/dead?queue=q1&limit=2").json();
        assertEquals(2, page.getJsonArray("tasks").size());
        JsonObject rest = get("/dead?queue=q1&limit=2&cursor=" + page.getString("cursor")).json();
        assertEquals(1, rest.getJsonArray("tasks").size());
        assertEquals("dead", rest.getJsonArray("tasks").getJsonObject(0).getString("status"));
        assertEquals(5, get("/dead?limit=10").json().getJsonArray("tasks").size());

        Reply retried = post("/dead/" + dead.get(0) + "/retry", "");
        assertEquals(200, retried.status(), retried.toString());
        assertEquals("pending", get("/tasks/" + dead.get(0)).json().getString("status"));
        assertEquals(409, post("/dead/" + dead.get(0) + "/retry", "").status(), "no longer dead");
        assertEquals(404, post("/dead/q1:NOSUCH/retry", "").status());

        assertEquals(200, delete("/dead/" + dead.get(1)).status());
        assertEquals(404, get("/tasks/" + dead.get(1)).status());

        assertEquals(1, post("/dead/retry?queue=q1", "").json().getLong("retried"));
        assertEquals(2, delete("/dead").json().getLong("purged"));
        assertEquals(0, get("/dead").json().getJsonArray("tasks").size());
        assertNull(get("/dead").json().getString("cursor"));
    }

    private List<String> killSome(String queue, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(post("/tasks", "{\"type\":\"t\",\"payload\":{},\"maxAttempts\":1,\"queue\":\"" + queue + "\"}")
                    .json().getString("taskId"));
        }
        for (Task t : store.claim(queue, "w", n, 60_000).await()) {
            store.fail(t.id(), t.leaseToken(), "broken", true).await();
        }
        return ids;
    }
}
