package io.taskrail.boot;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceLauncherTest {

    @Test
    void theShutdownHookWaitsForTheWorkersGracePeriodToo() {
        // The hook waits 120 s plus this: a worker given an hour's grace used to be cut off after 120 s.
        assertEquals(3_600_000, ServiceLauncher.graceMs(Map.of("SHUTDOWN_GRACE_MS", "3600000")));
        assertEquals(0, ServiceLauncher.graceMs(Map.of()), "unset: the worker's 30 s default fits in the 120 s");
        assertEquals(0, ServiceLauncher.graceMs(Map.of("SHUTDOWN_GRACE_MS", "soon")), "the worker refuses it");
    }
}
