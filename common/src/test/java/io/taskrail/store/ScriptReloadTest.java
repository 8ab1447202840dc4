package io.taskrail.store;

import io.taskrail.NewTask;
import io.taskrail.TaskStatus;
import io.taskrail.testing.StoreFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScriptReloadTest extends StoreFixture {

    @Test
    void aRedisThatForgotItsScriptsIsGivenThemAgainOnNoscript() {
        // What a restarted Redis looks like to the scripts: an empty script cache.
        raw(Command.SCRIPT, "FLUSH");

        String id = store.enqueue(NewTask.of("t", new JsonObject())).await().taskId();

        assertEquals(TaskStatus.PENDING, store.get(id).await().status());
        assertEquals(1, store.claim("default", "w", 1, 1_000).await().size());
    }
}
