package io.taskrail.worker.handlers;

import io.taskrail.Task;
import io.taskrail.handler.NonRetryableException;
import io.taskrail.handler.TaskHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * {@code image.resize}: scales an image with ImageIO. Blocking, so it runs on a worker thread. Payload:
 * <ul>
 *   <li>the input: {@code path} (relative to {@code IMAGE_DIR}) or {@code base64};</li>
 *   <li>{@code width}, {@code height}: the size wanted, 1..10000 pixels, and at most {@value #MAX_PIXELS} pixels in
 *       all (the input too);</li>
 *   <li>{@code format}: png (default), jpg, gif or bmp;</li>
 *   <li>{@code output}: a path relative to {@code IMAGE_DIR} to write to; without it the image is returned as
 *       base64.</li>
 * </ul>
 * Paths are confined to {@code IMAGE_DIR}: {@code ..} and symbolic links cannot leave it, and without
 * {@code IMAGE_DIR} set, paths are refused. Result: {@code {width, height, format, output | base64, bytes}}.
 */
public class ImageResizeHandler implements TaskHandler {
    private static final int MAX_SIDE = 10_000;
    /**
     * Pixels an image may have, the input's as its header declares them and the output's: decoded, each costs 4
     * bytes of heap (8 in a 16-bit PNG), so this caps one image at 100-200 MB. A file of a few kilobytes can declare
     * 20000x20000.
     */
    private static final long MAX_PIXELS = 25_000_000;
    private static final long MAX_INPUT_BYTES = 50L * 1024 * 1024;
    private static final Set<String> FORMATS = Set.of("png", "jpg", "gif", "bmp");
    private Path root;

    @Override
    public String type() {
        return "image.resize";
    }

    @Override
    public Future<Void> init(Vertx vertx, JsonObject config) {
        String dir = config.getString("IMAGE_DIR");
        if (dir != null && !dir.isBlank()) {
            try {
                root = Path.of(dir).toRealPath();
            } catch (IOException e) {
                return Future.failedFuture(new IllegalArgumentException("IMAGE_DIR=" + dir + ": " + e));
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public boolean blocking() {
        return true;
    }

    @Override
    public Future<JsonObject> handle(Task task) {
        try {
            return Future.succeededFuture(resize(task.payload()));
        } catch (NonRetryableException e) {
            return Future.failedFuture(e);
        } catch (IOException e) {
            return Future.failedFuture(new IllegalStateException("image.resize: " + e.getMessage(), e));
        }
    }

    private JsonObject resize(JsonObject p) throws IOException {
        int width = side(p, "width");
        int height = side(p, "height");
        if ((long) width * height > MAX_PIXELS) {
            throw new NonRetryableException("image.resize: " + width + "x" + height + " is over " + MAX_PIXELS
                    + " pixels");
        }
        String format = p.getString("format", "png").toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new NonRetryableException("image.resize: format must be one of " + FORMATS);
        }
        BufferedImage source = read(p);
        boolean alpha = !format.equals("jpg") && !format.equals("bmp");
        BufferedImage scaled = new BufferedImage(width, height,
                alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        if (!ImageIO.write(scaled, format.equals("jpg") ? "jpeg" : format, encoded)) {
            throw new NonRetryableException("image.resize: no writer for " + format);
        }
        JsonObject result = new JsonObject().put("width", width).put("height", height).put("format", format)
                .put("bytes", encoded.size());
        String output = p.getString("output");
        if (output == null) {
            return result.put("base64", Base64.getEncoder().encodeToString(encoded.toByteArray()));
        }
        Path target = confinedOutput(output);
        Path partial = Files.createTempFile(target.getParent(), ".resize-", ".part");
        Files.write(partial, encoded.toByteArray());
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return result.put("output", root.relativize(target).toString());
    }

    private BufferedImage read(JsonObject p) throws IOException {
        byte[] bytes;
        if (p.getValue("path") instanceof String path) {
            Path file = confinedInput(path);
            if (Files.size(file) > MAX_INPUT_BYTES) {
                throw new NonRetryableException("image.resize: input over " + MAX_INPUT_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } else if (p.getValue("base64") instanceof String base64) {
            if (base64.length() > MAX_INPUT_BYTES * 4 / 3) {
                throw new NonRetryableException("image.resize: input over " + MAX_INPUT_BYTES + " bytes");
            }
            try {
                bytes = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new NonRetryableException("image.resize: base64 is not valid");
            }
        } else {
            throw new NonRetryableException("image.resize: give path or base64");
        }
        return decode(bytes);
    }

    /** Reads the header first, so that an image too large to decode is refused before any pixel is allocated. */
    private static BufferedImage decode(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new NonRetryableException("image.resize: not an image ImageIO can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new NonRetryableException("image.resize: the input is " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + ", over " + MAX_PIXELS + " pixels");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    /** An existing file inside the root, reached without leaving it through {@code ..} or links. */
    private Path confinedInput(String relative) throws IOException {
        Path candidate = resolve(relative);
        if (!Files.isRegularFile(candidate)) {
            throw new NonRetryableException("image.resize: no such file " + relative);
        }
        Path real = candidate.toRealPath();
        if (!real.startsWith(root)) {
            throw new NonRetryableException("image.resize: " + relative + " leaves IMAGE_DIR");
        }
        return real;
    }

    /** A file to write inside the root: its folder must exist inside it, and it must not be a link. */
    private Path confinedOutput(String relative) throws IOException {
        Path candidate = resolve(relative);
        Path parent = candidate.getParent();
        if (parent == null || !Files.isDirectory(parent) || !parent.toRealPath().startsWith(root)) {
            throw new NonRetryableException("image.resize: output folder of " + relative
                    + " must exist inside IMAGE_DIR");
        }
        Path target = parent.toRealPath().resolve(candidate.getFileName());
        if (Files.isSymbolicLink(target) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new NonRetryableException("image.resize: output " + relative + " is not a plain file");
        }
        return target;
    }

    private Path resolve(String relative) {
        if (root == null) {
            throw new NonRetryableException("image.resize: paths need IMAGE_DIR to be set on the worker");
        }
        Path candidate = root.resolve(relative).normalize();
        if (!candidate.startsWith(root) || Path.of(relative).isAbsolute()) {
            throw new NonRetryableException("image.resize: " + relative + " leaves IMAGE_DIR");
        }
        return candidate;
    }

    private static int side(JsonObject p, String name) {
        Object value = p.getValue(name);
        if (!(value instanceof Number n) || n.intValue() < 1 || n.intValue() > MAX_SIDE
                || n.doubleValue() != n.intValue()) {
            throw new NonRetryableException("image.resize: " + name + " must be a whole number from 1 to " + MAX_SIDE);
        }
        return n.intValue();
    }
}
