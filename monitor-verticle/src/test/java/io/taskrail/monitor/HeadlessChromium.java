package io.taskrail.monitor;

import io.taskrail.testing.Poll;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol: navigate, evaluate
 * JavaScript in the page, take a screenshot. Flags as this machine needs them: no sandbox (root), no background
 * networking (there is no internet), a fresh profile.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private final Process process;
    private final Path profile;
    private final WebSocketClient client;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, Promise<JsonObject>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocketClient client, WebSocket page) {
        this.process = process;
        this.profile = profile;
        this.client = client;
        this.page = page;
        page.textMessageHandler(text -> {
            JsonObject message = new JsonObject(text);
            Promise<JsonObject> waiting = message.containsKey("id") ? pending.remove(message.getInteger("id")) : null;
            if (waiting != null) {
                if (message.containsKey("error")) {
                    waiting.fail(message.getJsonObject("error").encode());
                } else {
                    waiting.complete(message.getJsonObject("result"));
                }
            }
        });
    }

    /** The browser binary, or null when none is installed. */
    static Path binary() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    static HeadlessChromium start(Vertx vertx) throws IOException {
        Path profile = Files.createTempDirectory("taskrail-chromium");
        Process process = new ProcessBuilder(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-port=0", "--window-size=1280,900",
                "--user-data-dir=" + profile, "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        AtomicReference<String> browserUrl = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        browserUrl.set(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the browser exited
            }
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        Poll.until(Duration.ofSeconds(30), "chromium's DevTools endpoint", () -> browserUrl.get() != null);

        URI devtools = URI.create(browserUrl.get());
        String pageUrl = pageTarget(devtools.getPort());
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(64 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
        WebSocket page = client.connect(devtools.getPort(), "127.0.0.1", URI.create(pageUrl).getPath()).await();
        return new HeadlessChromium(process, profile, client, page);
    }

    private static String pageTarget(int port) throws IOException {
        try {
            String list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (Object target : new JsonArray(list)) {
                JsonObject t = (JsonObject) target;
                if ("page".equals(t.getString("type"))) {
                    return t.getString("webSocketDebuggerUrl");
                }
            }
            throw new IllegalStateException("no page target in " + list);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    Future<JsonObject> send(String method, JsonObject params) {
        int id = ids.incrementAndGet();
        Promise<JsonObject> result = Promise.promise();
        pending.put(id, result);
        page.writeTextMessage(new JsonObject().put("id", id).put("method", method).put("params", params).encode());
        return result.future();
    }

    void navigate(String url) {
        send("Page.navigate", new JsonObject().put("url", url)).await();
    }

    /** The value of a JavaScript expression evaluated in the page (null for undefined). */
    Object evaluate(String expression) {
        JsonObject result = send("Runtime.evaluate", new JsonObject().put("expression", expression)
                .put("returnByValue", true)).await().getJsonObject("result");
        return result.getValue("value");
    }

    void screenshot(Path file) {
        String png = send("Page.captureScreenshot", new JsonObject().put("format", "png")).await().getString("data");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        page.close();
        client.close();
        // Chromium's helper processes (network service, GPU, zygote) write to the profile too, and may outlive the
        // browser process by a moment: stop them as well before the profile is deleted.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        helpers.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle helper : helpers) {
                helper.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            helpers.forEach(ProcessHandle::destroyForcibly);
        }
        // A file that vanishes during the walk (CI once saw one of Chromium's temporary files go) fails the walk with
        // an unchecked exception: either way, a temporary profile left behind is harmless.
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // left behind
        }
    }
}
