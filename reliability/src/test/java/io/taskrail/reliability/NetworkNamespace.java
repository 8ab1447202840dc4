package io.taskrail.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A second host on this machine: a Linux network namespace joined to the host by a veth pair on a /24 of its own.
 * {@link #cut()} pulls the cable: packets between the two are dropped in both directions, with no resets, so
 * connections just stop answering; {@link #heal()} plugs it back. Needs root and iproute2.
 */
final class NetworkNamespace implements AutoCloseable {
    private final String name;
    private final String hostEnd;
    private final String namespaceEnd;
    private final String hostIp;
    private final String namespaceIp;

    private NetworkNamespace(String name, int subnet) {
        this.name = name;
        this.hostEnd = name + "h";
        this.namespaceEnd = name + "n";
        this.hostIp = "10.213." + subnet + ".1";
        this.namespaceIp = "10.213." + subnet + ".2";
    }

    /** Whether this process may create namespaces (root with CAP_SYS_ADMIN, and iproute2): it tries. */
    static boolean available() {
        String probe = "trprobe" + ThreadLocalRandom.current().nextInt(100_000);
        try {
            run(List.of("ip", "netns", "add", probe));
            run(List.of("ip", "netns", "del", probe));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    static NetworkNamespace create() {
        int subnet = ThreadLocalRandom.current().nextInt(1, 250);
        NetworkNamespace ns = new NetworkNamespace("trp" + subnet, subnet);
        try {
            ns.setUp();
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    private void setUp() {
        String nsEnd = namespaceEnd;
        close(); // a namespace of this name left by an aborted run
        run(List.of("ip", "netns", "add", name));
        run(List.of("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd));
        run(List.of("ip", "link", "set", nsEnd, "netns", name));
        run(List.of("ip", "addr", "add", hostIp + "/24", "dev", hostEnd));
        run(List.of("ip", "link", "set", hostEnd, "up"));
        run(List.of("ip", "netns", "exec", name, "ip", "addr", "add", namespaceIp + "/24", "dev", nsEnd));
        run(List.of("ip", "netns", "exec", name, "ip", "link", "set", nsEnd, "up"));
        run(List.of("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"));
    }

    String hostIp() {
        return hostIp;
    }

    String namespaceIp() {
        return namespaceIp;
    }

    /** The prefix that runs a command inside the namespace. */
    List<String> launcher() {
        return List.of("ip", "netns", "exec", name);
    }

    /**
     * Takes the namespace's end down. The host end loses its carrier, so packets either way are dropped, while the
     * host's own address stays up for the members on the host (taking the host end down would remove it too).
     */
    void cut() {
        run(List.of("ip", "netns", "exec", name, "ip", "link", "set", namespaceEnd, "down"));
    }

    void heal() {
        run(List.of("ip", "netns", "exec", name, "ip", "link", "set", namespaceEnd, "up"));
    }

    /** Deletes the namespace, which deletes its end of the pair and so the host end too. */
    @Override
    public void close() {
        try {
            run(List.of("ip", "netns", "del", name));
        } catch (IllegalStateException alreadyGone) {
            // nothing to clean up
        }
        try {
            run(List.of("ip", "link", "del", hostEnd));
        } catch (IllegalStateException alreadyGone) {
            // deleted with the namespace
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
