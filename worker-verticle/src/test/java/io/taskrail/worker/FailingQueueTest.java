package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.TaskStatus;
import io.taskrail.redis.RedisKeys;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;

import java.time.Duration;

class FailingQueueTest extends WorkerFixture {

    @Test
    void aQueueWhoseClaimsFailDoesNotStarveTheQueuesAfterIt() {
        // Every claim on "broken" fails (its ready list is not a list). A failed claim used to end the round, so
        // "healthy", asked after it, was never claimed from.
        String brokenList = new RedisKeys("tr").queue("broken").ready(0);
        redis.send(Request.cmd(Command.SET).arg(brokenList).arg("not a list")).await();
        deployWorker(new JsonObject().put("WORKER_QUEUES", "broken,healthy"));

        String id = submit(NewTask.of("echo", new JsonObject()).withQueue("healthy"));

        awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(10));
    }
}
