package io.taskrail.producer;

import io.taskrail.Task;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskRoutesTest extends ProducerFixture {

    @Test
    void aPayloadWithCharactersPastTheBasicPlaneIsStoredAsSent() {
        // Escaped surrogate pairs, as JSON writes characters past U+FFFF: paired, they are fine.
        Reply reply = post("/tasks", "{\"type\":\"t\",\"payload\":{\"mood\":\"\\ud83d\\ude00\",\"n\":1.5e300}}");

        assertEquals(202, reply.status(), reply.toString());
        Task stored = store.get(reply.json().getString("taskId")).await();
        assertEquals("\ud83d\ude00", stored.payload().getString("mood"));
        assertEquals(1.5e300, stored.payload().getDouble("n"));
    }

    @Test
    void aJsonBodyLabelledAsAFormIsReadAsJson() {
        // curl -d, as in the README, labels the body application/x-www-form-urlencoded. Decoded as a form, a body
        // over 1 KB, or one with a '%' in it, was refused with a 400 whose detail was null.
        String body = new JsonObject().put("type", "t").put("payload", new JsonObject()
                .put("note", "50% off; " + "x".repeat(2_000))).encode();
        Reply reply = send(request("/tasks").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertEquals(202, reply.status(), reply.toString());
        String id = reply.json().getString("taskId");
        assertEquals("50% off; " + "x".repeat(2_000), store.get(id).await().payload().getString("note"));
    }

    @Test
    void aSubmittedTaskIsAcceptedStoredAndReadableAtItsLocation() {
        Reply accepted = post("/tasks", """
                {"type":"email.send","payload":{"to":"ada@example.com"},"queue":"email","priority":"high",
                 "maxAttempts":4,"timeoutMs":3000}""");

        assertEquals(202, accepted.status(), accepted.toString());
        String id = accepted.json().getString("taskId");
        assertEquals("pending", accepted.json().getString("status"));
        assertEquals("email", accepted.json().getString("queue"));
        assertEquals("/tasks/" + id, accepted.header("Location"));

        Reply task = get(accepted.header("Location"));
        assertEquals(200, task.status());
        JsonObject t = task.json();
        assertEquals(id, t.getString("id"));
        assertEquals("email.send", t.getString("type"));
        assertEquals("ada@example.com", t.getJsonObject("payload").getString("to"));
        assertEquals(2, t.getInteger("priority"));
        assertEquals(4, t.getInteger("maxAttempts"));
        assertEquals(3000, t.getLong("timeoutMs"));
        assertEquals("pending", t.getString("status"));
        assertTrue(t.getLong("createdAt") > 1_700_000_000_000L);
        assertEquals(0, t.getLong("startedAt"));
        assertEquals(0, t.getLong("finishedAt"));
        assertNull(t.getValue("leaseToken"), "the lease token is never shown");
    }

    @Test
    void aDelayedTaskIsScheduled() {
        Reply accepted = post("/tasks", "{\"type\":\"t\",\"payload\":{},\"delayMs\":60000}");
        assertEquals("scheduled", accepted.json().getString("status"));
        long runAt = get("/tasks/" + accepted.json().getString("taskId")).json().getLong("runAt");
        assertTrue(runAt > System.currentTimeMillis() + 50_000);
    }

    @Test
    void anIdempotentResubmissionAnswersWithTheFirstId() {
        String body = "{\"type\":\"charge\",\"payload\":{\"cents\":5},\"idempotencyKey\":\"order-9\"}";
        String first = post("/tasks", body).json().getString("taskId");
        Reply again = post("/tasks", body);
        assertEquals(202, again.status());
        assertEquals(first, again.json().getString("taskId"));
        assertEquals(1, store.stats("default").await().total("submitted"));
    }

    @Test
    void aBatchIsAcceptedInOrder() {
        JsonArray tasks = new JsonArray();
        for (int i = 0; i < 1_000; i++) {
            tasks.add(new JsonObject().put("type", "t").put("payload", new JsonObject().put("i", i))
                    .put("queue", i % 2 == 0 ? "a" : "b"));
        }
        Reply accepted = post("/tasks/batch", new JsonObject().put("tasks", tasks).encode());

        assertEquals(202, accepted.status(), accepted.toString());
        JsonArray ids = accepted.json().getJsonArray("taskIds");
        assertEquals(1_000, ids.size());
        assertEquals(999, get("/tasks/" + ids.getString(999)).json().getJsonObject("payload").getInteger("i"));
        assertTrue(ids.getString(1).startsWith("b:"));
    }

    @Test
    void listsPagedWithACursorByStatusOrAcrossAllStatuses() {
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            submitted.add(post("/tasks", "{\"type\":\"t\",\"payload\":{},\"queue\":\"q\"}").json()
                    .getString("taskId"));
        }
        post("/tasks", "{\"type\":\"other\",\"payload\":{},\"queue\":\"q\"}");
        List<Task> claimed = store.claim("q", "w", 2, 60_000).await();

        assertEquals(submitted.subList(2, 7), pages("/tasks?status=pending&type=t&queue=q&limit=2"));
        assertEquals(List.of(submitted.get(0), submitted.get(1)), pages("/tasks?status=processing&limit=2"));
        Set<String> everything = new HashSet<>(pages("/tasks?limit=3"));
        assertEquals(8, everything.size());
        assertTrue(everything.containsAll(submitted));
        assertEquals(2, claimed.size());
    }

    @Test
    void cancelsPendingTasksAndRefusesProcessingOnesAndUnknownIds() {
        String id = post("/tasks", "{\"type\":\"t\",\"payload\":{}}").json().getString("taskId");
        Reply cancelled = delete("/tasks/" + id);
        assertEquals(200, cancelled.status());
        assertEquals("cancelled", cancelled.json().getString("status"));
        assertEquals("cancelled", get("/tasks/" + id).json().getString("status"));
        assertEquals(409, delete("/tasks/" + id).status());

        String running = post("/tasks", "{\"type\":\"t\",\"payload\":{}}").json().getString("taskId");
        store.claim("default", "w", 1, 60_000).await();
        Reply conflict = delete("/tasks/" + running);
        assertEquals(409, conflict.status());
        assertEquals("conflict", conflict.json().getString("error"));
        assertTrue(conflict.json().getString("detail").contains("processing"), conflict.toString());

        assertEquals(404, delete("/tasks/default:NOSUCHTASK").status());
        Reply unknown = get("/tasks/default:NOSUCHTASK");
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.json().getString("error"));
    }

    /** Every id over all pages of a listing. */
    private List<String> pages(String path) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int n = 0; n < 100; n++) {
            Reply page = get(cursor == null ? path : path + "&cursor=" + cursor);
            assertEquals(200, page.status(), page.toString());
            page.json().getJsonArray("tasks").forEach(t -> ids.add(((JsonObject) t).getString("id")));
            cursor = page.json().getString("cursor");
            if (cursor == null) {
                return ids;
            }
            assertNotNull(cursor);
        }
        throw new AssertionError("listing did not end");
    }
}
