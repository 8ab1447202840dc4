package io.taskrail.model;

import com.hazelcast.config.Config;
import io.taskrail.boot.ClusterConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterConfigTest {

    @Test
    void theBundledClusterXmlJoinsByTcpOnLoopbackWithMulticastOff() {
        Config config = ClusterConfig.fromEnv(Map.of());
        assertEquals("taskrail", config.getClusterName());
        assertTrue(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
        assertFalse(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertEquals(List.of("127.0.0.1"), config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertEquals(List.of("127.0.0.1"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    }

    @Test
    void membersHostAndNameComeFromTheEnvironment() {
        Config config = ClusterConfig.fromEnv(Map.of("CLUSTER_MEMBERS", "10.0.0.5, 10.0.0.6:5701",
                "CLUSTER_HOST", "10.0.0.7", "CLUSTER_NAME", "staging"));
        assertEquals(List.of("10.0.0.5", "10.0.0.6:5701"),
                config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertEquals(List.of("10.0.0.7"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
        assertEquals("staging", config.getClusterName());

        Config anyHost = ClusterConfig.fromEnv(Map.of("CLUSTER_HOST", "*"));
        assertFalse(anyHost.getNetworkConfig().getInterfaces().isEnabled());
    }

    @Test
    void aConfigPathThatDoesNotExistFailsLoudlyInsteadOfFallingBackToMulticast() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.fromEnv(Map.of("CLUSTER_CONFIG", "/no/such/cluster.xml")));
        assertTrue(e.getMessage().contains("/no/such/cluster.xml"), e.getMessage());
    }
}
