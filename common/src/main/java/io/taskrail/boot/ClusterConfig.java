package io.taskrail.boot;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.XmlConfigBuilder;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The Hazelcast configuration of a Taskrail node: the repo's {@code cluster.xml} (TCP-IP join, multicast off),
 * adjusted by the environment.
 * <ul>
 *   <li>{@code CLUSTER_CONFIG}: a path to another cluster.xml. A path that does not exist is an error: Hazelcast's
 *       own lookup would fall back silently to a multicast default, which is never what an operator meant.</li>
 *   <li>{@code CLUSTER_MEMBERS}: comma-separated addresses to join (default {@code 127.0.0.1}).</li>
 *   <li>{@code CLUSTER_HOST}: the interface this node binds and announces (default {@code 127.0.0.1}); {@code *}
 *       lets Hazelcast choose and bind every interface, as in a container whose address is not known ahead.</li>
 *   <li>{@code CLUSTER_NAME}: the cluster to join (default: the file's, {@code taskrail}); nodes with another
 *       name ignore each other, so two deployments, or a test, can share a machine.</li>
 * </ul>
 */
public final class ClusterConfig {
    private ClusterConfig() {
    }

    public static Config fromEnv(Map<String, String> env) {
        Config config = load(env.get("CLUSTER_CONFIG"));
        String host = env.getOrDefault("CLUSTER_HOST", "127.0.0.1").trim();
        List<String> members = Arrays.stream(env.getOrDefault("CLUSTER_MEMBERS", "127.0.0.1").split(","))
                .map(String::trim).filter(m -> !m.isEmpty()).toList();
        String name = env.get("CLUSTER_NAME");
        if (name != null && !name.isBlank()) {
            config.setClusterName(name.trim());
        }
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(members);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        if (host.equals("*")) {
            config.getNetworkConfig().getInterfaces().setEnabled(false);
            config.setProperty("hazelcast.socket.bind.any", "true");
        } else {
            config.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(List.of(host));
        }
        return config;
    }

    private static Config load(String path) {
        if (path != null && !path.isBlank()) {
            if (!Files.isReadable(Path.of(path))) {
                throw new IllegalArgumentException("CLUSTER_CONFIG=" + path + ": no such readable file");
            }
            try {
                return new FileSystemXmlConfig(path);
            } catch (FileNotFoundException e) {
                throw new IllegalArgumentException("CLUSTER_CONFIG=" + path + ": " + e.getMessage(), e);
            }
        }
        try (InputStream in = ClusterConfig.class.getClassLoader().getResourceAsStream("cluster.xml")) {
            if (in == null) {
                throw new IllegalStateException("cluster.xml is missing from the classpath");
            }
            return new XmlConfigBuilder(in).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled cluster.xml", e);
        }
    }
}
