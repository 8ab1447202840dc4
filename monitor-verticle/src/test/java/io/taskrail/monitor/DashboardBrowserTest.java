package io.taskrail.monitor;

import io.taskrail.bus.Addresses;
import io.taskrail.testing.Poll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium: it renders the live numbers from the WebSocket, keeps them moving, and
 * shows hostile names as text. CI installs Debian's chromium and sets TASKRAIL_REQUIRE_BROWSER=1, so there this test
 * cannot be skipped; on a machine without the browser it is skipped with a message.
 */
class DashboardBrowserTest extends MonitorFixture {
    private static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\">";

    @Test
    void theDashboardShowsLiveNumbersAndEscapesWhatItShows() throws Exception {
        boolean required = System.getenv("TASKRAIL_REQUIRE_BROWSER") != null;
        assumeTrue(required || HeadlessChromium.binary() != null,
                "chromium is not installed (apt-get install chromium); the dashboard browser test is skipped");
        flow("email", "send", 5, 3);
        heartbeat();

        try (HeadlessChromium browser = HeadlessChromium.start(vertx)) {
            browser.navigate("http://127.0.0.1:" + monitor.port() + "/");

            Poll.until(Duration.ofSeconds(15), "the live totals rendered", () ->
                    "3".equals(browser.evaluate("document.getElementById('total-completed').textContent"))
                            && "5".equals(browser.evaluate("document.getElementById('total-submitted').textContent")));
            assertEquals("live", browser.evaluate("document.getElementById('connection').dataset.state"));
            assertEquals("email", browser.evaluate(
                    "document.querySelector('#queues tbody tr td').textContent"));
            assertEquals("2", browser.evaluate(
                    "document.querySelector('#queues tbody tr td:nth-child(2)').textContent"));

            flow("email", "send", 10, 9);
            heartbeat();
            Poll.until(Duration.ofSeconds(10), "the numbers move", () ->
                    "12".equals(browser.evaluate("document.getElementById('total-completed').textContent")));
            Poll.until(Duration.ofSeconds(10), "the throughput chart drew", () -> ((Number) browser.evaluate(
                    "document.querySelectorAll('#chart-throughput polyline').length")).intValue() == 3);

            assertEquals(HOSTILE, browser.evaluate("document.querySelector('#workers tbody td').textContent"),
                    "the worker id is shown as text");
            assertEquals(0, ((Number) browser.evaluate("document.querySelectorAll('#workers img').length")).intValue());
            assertNull(browser.evaluate("window.pwned"), "no script from the data ran");

            Path shot = Path.of("target", "dashboard.png");
            browser.screenshot(shot);
            assertTrue(Files.size(shot) > 10_000, "a screenshot was kept at " + shot.toAbsolutePath());
        }
    }

    private void heartbeat() {
        vertx.eventBus().publish(Addresses.WORKERS_HEARTBEAT, new JsonObject().put("id", HOSTILE)
                .put("inFlight", 5).put("processed", 12).put("concurrency", 16));
    }
}
