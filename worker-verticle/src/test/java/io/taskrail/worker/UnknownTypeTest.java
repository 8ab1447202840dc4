package io.taskrail.worker;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskrail.NewTask;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnknownTypeTest extends WorkerFixture {
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger runnerLog = (Logger) LoggerFactory.getLogger(Runner.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        runnerLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        runnerLog.detachAppender(logged);
    }

    @Test
    void aTypeWithNoHandlerFailsNamingTypeAndWorkerRetriesThenDiesAndIsLoggedOnce() {
        WorkerVerticle worker = new WorkerVerticle();
        deployWorker(worker, new JsonObject().put("TICK_MS", "50"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit(NewTask.of("pdf.render", new JsonObject()).withMaxAttempts(2)));
        }

        for (String id : ids) {
            Task dead = awaitStatus(id, TaskStatus.DEAD, Duration.ofSeconds(10));
            assertEquals(2, dead.attempts(), "it was retried under the backoff first");
            assertTrue(dead.error().message().contains("'pdf.render'"), dead.error().message());
            assertTrue(dead.error().message().contains(worker.workerId()), dead.error().message());
        }
        long warnings = logged.list.stream().filter(e -> e.getFormattedMessage().contains("pdf.render")).count();
        assertEquals(1, warnings, "logged once per type, not per task");
    }
}
