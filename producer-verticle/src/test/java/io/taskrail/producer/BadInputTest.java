package io.taskrail.producer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadInputTest extends ProducerFixture {

    @Override
    protected JsonObject config() {
        return super.config().put("MAX_BODY_BYTES", "4096");
    }

    @Test
    void everyClientMistakeIsAClear400AndWritesNothing() {
        String[][] cases = {
                {"malformed JSON", "{\"type\":\"t\",", "malformed_json"},
                {"empty body", "", "bad_request"},
                {"an array body", "[{\"type\":\"t\",\"payload\":{}}]", "bad_request"},
                {"a string body", "\"hello\"", "bad_request"},
                {"missing type", "{\"payload\":{}}", "invalid_task"},
                {"wrong-typed type", "{\"type\":5,\"payload\":{}}", "invalid_task"},
                {"missing payload", "{\"type\":\"t\"}", "invalid_task"},
                {"payload not an object", "{\"type\":\"t\",\"payload\":\"x\"}", "invalid_task"},
                {"unknown priority", "{\"type\":\"t\",\"payload\":{},\"priority\":\"urgent\"}", "invalid_task"},
                {"priority out of range", "{\"type\":\"t\",\"payload\":{},\"priority\":12}", "invalid_task"},
                {"bad type name", "{\"type\":\"<script>\",\"payload\":{}}", "invalid_task"},
                {"bad queue name", "{\"type\":\"t\",\"queue\":\"a b\",\"payload\":{}}", "invalid_task"},
                {"queue too long", "{\"type\":\"t\",\"queue\":\"" + "q".repeat(65) + "\",\"payload\":{}}",
                        "invalid_task"},
                {"maxAttempts out of range", "{\"type\":\"t\",\"payload\":{},\"maxAttempts\":0}", "invalid_task"},
                {"timeoutMs negative", "{\"type\":\"t\",\"payload\":{},\"timeoutMs\":-1}", "invalid_task"},
                {"delayMs a string", "{\"type\":\"t\",\"payload\":{},\"delayMs\":\"soon\"}", "invalid_task"},
                {"delayMs and runAt", "{\"type\":\"t\",\"payload\":{},\"delayMs\":1,\"runAt\":1}", "invalid_task"},
                {"huge number", "{\"type\":\"t\",\"payload\":{},\"maxAttempts\":1e400}", "invalid_task"},
                {"a number past a double in the payload", "{\"type\":\"t\",\"payload\":{\"x\":[1,{\"y\":-1e400}]}}",
                        "invalid_task"},
                {"an unpaired surrogate in the payload", "{\"type\":\"t\",\"payload\":{\"x\":\"a\\ud800b\"}}",
                        "invalid_task"},
                {"an unpaired surrogate in a payload key (the parser refuses it)",
                        "{\"type\":\"t\",\"payload\":{\"\\udc00\":1}}", "malformed_json"},
                {"an unpaired surrogate in the idempotency key",
                        "{\"type\":\"t\",\"payload\":{},\"idempotencyKey\":\"k\\ud800\"}", "invalid_task"},
                {"deep nesting", "{\"type\":\"t\",\"payload\":" + "{\"a\":".repeat(1_100) + "1"
                        + "}".repeat(1_101), "malformed_json"},
        };
        for (String[] c : cases) {
            Reply reply = post("/tasks", c[1]);
            if (c[0].equals("deep nesting")) {
                // Over the 4 KiB limit of this test, so it is refused by size before it is parsed.
                assertEquals(413, reply.status(), c[0] + ": " + reply);
                continue;
            }
            assertEquals(400, reply.status(), c[0] + ": " + reply);
            assertEquals(c[2], reply.json().getString("error"), c[0] + ": " + reply);
            assertNotNull(reply.json().getString("detail"), c[0]);
            assertEquals("application/json", reply.header("Content-Type"), c[0]);
        }
        assertEquals(0, redis.send(Request.cmd(Command.DBSIZE)).await().toLong(), "nothing was written");
    }

    @Test
    void deepNestingWithinTheSizeLimitIsRefusedByTheParser() {
        String nested = "{\"type\":\"t\",\"payload\":" + "[".repeat(1_500) + "]".repeat(1_500) + "}";
        assertTrue(nested.length() < 4_096);
        Reply reply = post("/tasks", nested);
        assertEquals(400, reply.status(), reply.toString());
    }

    @Test
    void theFieldAtFaultIsNamed() {
        Reply reply = post("/tasks", "{\"type\":\"t\",\"payload\":{},\"priority\":\"urgent\"}");
        assertEquals("priority", reply.json().getString("field"));
        assertTrue(reply.json().getString("detail").contains("urgent"));
    }

    @Test
    void aBatchIsAllOrNothingAndLimitedToAThousand() {
        JsonArray tasks = new JsonArray();
        for (int i = 0; i < 5; i++) {
            tasks.add(new JsonObject().put("type", "t").put("payload", new JsonObject()));
        }
        tasks.add(new JsonObject().put("type", "t").put("payload", "oops"));
        Reply bad = post("/tasks/batch", new JsonObject().put("tasks", tasks).encode());
        assertEquals(400, bad.status());
        assertEquals("tasks[5].payload", bad.json().getString("field"));

        JsonArray tooMany = new JsonArray();
        for (int i = 0; i < 1_001; i++) {
            tooMany.add(new JsonObject().put("type", "t").put("payload", new JsonObject()));
        }
        ProducerFixture.Reply over = send(request("/tasks/batch").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("tasks", tooMany).encode())));
        assertTrue(over.status() == 400 || over.status() == 413, over.toString());

        assertEquals(400, post("/tasks/batch", "{\"tasks\":[]}").status());
        assertEquals(400, post("/tasks/batch", "{\"tasks\":{}}").status());
        assertEquals(400, post("/tasks/batch", "{\"tasks\":[1]}").status());
        assertEquals(0, redis.send(Request.cmd(Command.DBSIZE)).await().toLong(), "nothing was written");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        Reply reply = post("/tasks", "{\"type\":\"t\",\"payload\":{\"x\":\"" + "a".repeat(5_000) + "\"}}");
        assertEquals(413, reply.status());
        assertEquals("payload_too_large", reply.json().getString("error"));
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() {
        Reply missing = get("/nope");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.json().getString("error"));
        Reply wrongMethod = send(request("/tasks").PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, wrongMethod.status());
        assertEquals("method_not_allowed", wrongMethod.json().getString("error"));
        assertEquals(405, delete("/stats").status());
    }

    @Test
    void badQueryParametersAre400() {
        assertEquals(400, get("/tasks?status=running").status());
        assertEquals(400, get("/tasks?limit=0").status());
        assertEquals(400, get("/tasks?limit=501").status());
        assertEquals(400, get("/tasks?limit=ten").status());
        assertEquals(400, get("/tasks?queue=a%20b").status());
        assertEquals(400, get("/tasks?cursor=%25%25").status());
        assertEquals(400, get("/tasks?cursor=bm90IGEgY3Vyc29y").status());
        assertEquals(400, get("/dead?limit=-1").status());
        // A cursor crafted to smuggle a non-number score into the listing script.
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String inner = b64.encodeToString("default\nNaN\nx".getBytes());
        assertEquals(400, get("/tasks?status=pending&cursor=" + b64.encodeToString(("pending\n" + inner)
                .getBytes())).status());
        assertEquals(400, get("/dead?cursor=" + inner).status());
        assertEquals(404, get("/tasks/not-an-id").status());
    }
}
