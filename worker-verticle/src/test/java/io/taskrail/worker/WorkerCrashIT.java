package io.taskrail.worker;

import io.taskrail.NewTask;
import io.taskrail.StoreOptions;
import io.taskrail.Task;
import io.taskrail.TaskPage;
import io.taskrail.TaskQuery;
import io.taskrail.TaskStatus;
import io.taskrail.TaskStore;
import io.taskrail.testing.Poll;
import io.taskrail.testing.ServiceProcess;
import io.taskrail.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** worker.jar in JVMs of its own: one is killed with SIGKILL mid-task, and another finishes its work. */
class WorkerCrashIT {
    private final List<ServiceProcess> workers = new ArrayList<>();
    private Vertx vertx;

    @AfterEach
    void stop() {
        workers.forEach(ServiceProcess::close);
        if (vertx != null) {
            vertx.close().await();
        }
    }

    @Test
    void tasksOfAWorkerKilledWithSigkillRunAgainOnAnotherAndNoneIsLost() {
        vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, TestRedis.url());
        redis.send(Request.cmd(Command.FLUSHALL)).await();
        TaskStore store = TaskStore.create(redis, new StoreOptions());
        store.init().await();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(store.enqueue(NewTask.of("simulate", new JsonObject().put("ms", 1_500))).await().taskId());
        }
        Map<String, String> env = Map.of("REDIS_URL", TestRedis.url(), "CLUSTER_NAME", "it-" + UUID.randomUUID(),
                "WORKER_CONCURRENCY", "4", "LEASE_MS", "1500", "TICK_MS", "200");

        ServiceProcess doomed = start(env, "doomed");
        Poll.until(Duration.ofSeconds(60), "the first worker runs 4 tasks", () -> processing(store).size() == 4);
        List<String> interrupted = processing(store).stream().map(Task::id).toList();
        doomed.kill();
        start(env, "survivor");

        Poll.until(Duration.ofSeconds(60), "every task completed",
                () -> store.stats("default").await().count(TaskStatus.COMPLETED) == ids.size());
        for (String id : ids) {
            Task t = store.get(id).await();
            assertEquals(TaskStatus.COMPLETED, t.status());
            assertEquals(interrupted.contains(id) ? 2 : 1, t.attempts(), id);
            assertTrue(t.workerId().contains("-" + workers.get(1).pid() + "-"), "finished by the survivor");
        }
        assertEquals(0, store.stats("default").await().count(TaskStatus.PROCESSING));
    }

    private ServiceProcess start(Map<String, String> env, String name) {
        ServiceProcess worker = ServiceProcess.start(ServiceProcess.jar("worker"), env,
                Path.of("target", "it-worker-" + name + ".log"));
        workers.add(worker);
        return worker;
    }

    private static List<Task> processing(TaskStore store) {
        TaskPage page = store.list(TaskQuery.of(TaskStatus.PROCESSING).withLimit(100)).await();
        return page.tasks();
    }
}
