package io.taskrail.model;

import io.taskrail.InvalidTaskException;
import io.taskrail.NewTask;
import io.taskrail.Priority;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NewTaskTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void readsAFullSubmission() {
        NewTask t = NewTask.fromJson(new JsonObject("""
                {"type":"email.send","payload":{"to":"x"},"queue":"mail","priority":"high","maxAttempts":7,
                 "timeoutMs":5000,"delayMs":1500,"idempotencyKey":"abc"}"""), NOW);

        assertEquals("email.send", t.type());
        assertEquals("mail", t.queue());
        assertEquals(Priority.HIGH, t.priority());
        assertEquals(7, t.maxAttempts());
        assertEquals(5_000, t.timeoutMs());
        assertEquals(NOW + 1_500, t.runAt());
        assertEquals("abc", t.idempotencyKey());
    }

    @Test
    void fillsDefaults() {
        NewTask t = NewTask.fromJson(new JsonObject("{\"type\":\"t\",\"payload\":{}}"), NOW);
        assertEquals("default", t.queue());
        assertEquals(Priority.NORMAL, t.priority());
        assertEquals(NewTask.DEFAULT_MAX_ATTEMPTS, t.maxAttempts());
        assertEquals(0, t.runAt());
        assertNull(t.idempotencyKey());
    }

    @Test
    void mapsNamedAndNumericPriorities() {
        assertEquals(2, Priority.parse("high"));
        assertEquals(5, Priority.parse("normal"));
        assertEquals(8, Priority.parse("low"));
        assertEquals(0, Priority.parse(0));
        assertEquals(9, Priority.parse(9));
        assertEquals(5, Priority.parse(null));
    }

    @Test
    void namesTheFieldAtFault() {
        assertField("type", "{\"payload\":{}}");
        assertField("type", "{\"type\":7,\"payload\":{}}");
        assertField("type", "{\"type\":\"has space\",\"payload\":{}}");
        assertField("type", "{\"type\":\"" + "x".repeat(65) + "\",\"payload\":{}}");
        assertField("payload", "{\"type\":\"t\"}");
        assertField("payload", "{\"type\":\"t\",\"payload\":[1]}");
        assertField("queue", "{\"type\":\"t\",\"payload\":{},\"queue\":\"a:b\"}");
        assertField("priority", "{\"type\":\"t\",\"payload\":{},\"priority\":\"urgent\"}");
        assertField("priority", "{\"type\":\"t\",\"payload\":{},\"priority\":10}");
        assertField("priority", "{\"type\":\"t\",\"payload\":{},\"priority\":1.5}");
        assertField("maxAttempts", "{\"type\":\"t\",\"payload\":{},\"maxAttempts\":0}");
        assertField("maxAttempts", "{\"type\":\"t\",\"payload\":{},\"maxAttempts\":\"3\"}");
        assertField("timeoutMs", "{\"type\":\"t\",\"payload\":{},\"timeoutMs\":-1}");
        assertField("delayMs", "{\"type\":\"t\",\"payload\":{},\"delayMs\":-5}");
        assertField("delayMs", "{\"type\":\"t\",\"payload\":{},\"delayMs\":5,\"runAt\":5}");
        assertField("runAt", "{\"type\":\"t\",\"payload\":{},\"runAt\":1e300}");
        assertField("idempotencyKey", "{\"type\":\"t\",\"payload\":{},\"idempotencyKey\":\"\"}");
        assertField("idempotencyKey", "{\"type\":\"t\",\"payload\":{},\"idempotencyKey\":5}");
    }

    private static void assertField(String field, String json) {
        InvalidTaskException e = assertThrows(InvalidTaskException.class,
                () -> NewTask.fromJson(new JsonObject(json), NOW), json);
        assertEquals(field, e.field(), json + ": " + e.getMessage());
    }
}
