package io.taskrail.worker.handlers;

import io.taskrail.NewTask;
import io.taskrail.Task;
import io.taskrail.TaskStatus;
import io.taskrail.worker.WorkerFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** image.resize, run by a worker, on images the test draws. */
class ImageResizeTest extends WorkerFixture {
    @TempDir
    Path dir;
    private Path images;

    @BeforeEach
    void imagesAndWorker() throws IOException {
        images = Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(images.resolve("out"));
        ImageIO.write(drawing(400, 300), "png", images.resolve("in.png").toFile());
        Files.writeString(dir.resolve("secret.txt"), "not yours");
        deployWorker(new JsonObject().put("IMAGE_DIR", images.toString()).put("TICK_MS", "50"));
    }

    @Test
    void resizesAFileIntoTheImageDirectory() throws IOException {
        String id = submit(NewTask.of("image.resize", new JsonObject().put("path", "in.png").put("width", 100)
                .put("height", 75).put("output", "out/small.png")));

        Task done = awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(10));

        assertEquals("out/small.png", done.result().getString("output"));
        BufferedImage small = ImageIO.read(images.resolve("out/small.png").toFile());
        assertEquals(100, small.getWidth());
        assertEquals(75, small.getHeight());
        // The drawing's left half is red: so is the scaled one's.
        assertEquals(Color.RED.getRGB(), small.getRGB(10, 37));
    }

    @Test
    void resizesBase64IntoBase64() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(drawing(64, 64), "png", png);
        String id = submit(NewTask.of("image.resize", new JsonObject()
                .put("base64", Base64.getEncoder().encodeToString(png.toByteArray()))
                .put("width", 16).put("height", 8).put("format", "jpg")));

        Task done = awaitStatus(id, TaskStatus.COMPLETED, Duration.ofSeconds(10));

        BufferedImage out = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(done.result().getString("base64"))));
        assertEquals(16, out.getWidth());
        assertEquals(8, out.getHeight());
        assertEquals("jpg", done.result().getString("format"));
    }

    @Test
    void pathsCannotEscapeTheImageDirectory() throws IOException {
        Files.createSymbolicLink(images.resolve("link.png"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(images.resolve("outside"), dir);
        String[][] escapes = {
                {"path", "../secret.txt"},
                {"path", "/etc/passwd"},
                {"path", "link.png"},
                {"output", "../stolen.png"},
                {"output", "outside/stolen.png"},
        };
        for (String[] escape : escapes) {
            JsonObject payload = new JsonObject().put("path", "in.png").put("width", 10).put("height", 10)
                    .put(escape[0], escape[1]);
            Task dead = awaitStatus(submit(NewTask.of("image.resize", payload).withMaxAttempts(3)), TaskStatus.DEAD,
                    Duration.ofSeconds(10));
            assertEquals(1, dead.attempts(), escape[1] + " is refused for good");
            assertTrue(dead.error().message().contains("IMAGE_DIR") || dead.error().message().contains("not an image"),
                    escape[1] + ": " + dead.error().message());
        }
        assertTrue(Files.notExists(dir.resolve("stolen.png")));
    }

    @Test
    void badSizesAreRefused() {
        Task dead = awaitStatus(submit(NewTask.of("image.resize", new JsonObject().put("path", "in.png")
                .put("width", 0).put("height", 10))), TaskStatus.DEAD, Duration.ofSeconds(10));
        assertTrue(dead.error().message().contains("width"), dead.error().message());
    }

    @Test
    void imagesOverThePixelBudgetAreRefusedBeforeTheyAreDecoded() throws IOException {
        // A PNG of a few dozen bytes that declares 20000x20000: decoding it would take 1.6 GB of heap.
        Files.write(images.resolve("huge.png"), pngHeader(20_000, 20_000));
        Task dead = awaitStatus(submit(NewTask.of("image.resize", new JsonObject().put("path", "huge.png")
                .put("width", 10).put("height", 10)).withMaxAttempts(3)), TaskStatus.DEAD, Duration.ofSeconds(10));
        assertEquals(1, dead.attempts(), "refused for good");
        assertTrue(dead.error().message().contains("20000x20000"), dead.error().message());

        // The output is held to the same budget: 10000x10000 would be 400 MB.
        Task tooBig = awaitStatus(submit(NewTask.of("image.resize", new JsonObject().put("path", "in.png")
                .put("width", 10_000).put("height", 10_000))), TaskStatus.DEAD, Duration.ofSeconds(10));
        assertTrue(tooBig.error().message().contains("pixels"), tooBig.error().message());
    }

    /** A PNG signature, an IHDR chunk declaring this size (8-bit RGB) and IEND: no pixel data. */
    private static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        png.writeBytes(chunk("IHDR", ihdr.array()));
        png.writeBytes(chunk("IEND", new byte[0]));
        return png.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(name).put(data)
                .putInt((int) crc.getValue()).array();
    }

    private static BufferedImage drawing(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }
}
