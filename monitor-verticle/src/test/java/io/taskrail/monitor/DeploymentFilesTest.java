package io.taskrail.monitor;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No Docker engine runs here, so docker-compose.yml is checked by reading it: against the Dockerfiles, the jars the
 * build makes, the services start.sh starts, and the variables the README documents.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..");
    private static final Set<String> SERVICES = Set.of("producer", "monitor", "worker");

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsWhatTheLauncherStartsWithHealthchecksAndDocumentedSettings() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertEquals(Set.of("redis", "producer", "monitor", "worker"), services.keySet());

        String redisCommand = String.join(" ", (List<String>) services.get("redis").get("command"));
        assertTrue(redisCommand.contains("--appendonly yes"), "Redis keeps an append-only file: " + redisCommand);

        String launcher = Files.readString(ROOT.resolve("start.sh"));
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (String name : services.keySet()) {
            Map<String, Object> service = services.get(name);
            Map<String, Object> health = (Map<String, Object>) service.get("healthcheck");
            assertNotNull(health, name + " has a healthcheck");
            assertNotNull(health.get("test"), name + "'s healthcheck has a test");
            if (!SERVICES.contains(name)) {
                continue;
            }
            Path context = ROOT.resolve((String) service.get("build")).normalize();
            String dockerfile = Files.readString(context.resolve("Dockerfile"));
            assertTrue(dockerfile.contains("COPY target/" + name + ".jar"), name + "'s Dockerfile copies its jar");
            assertTrue(Files.readString(context.resolve("pom.xml")).contains("<service.name>" + name
                    + "</service.name>"), "the build makes target/" + name + ".jar");
            assertTrue(launcher.contains(name + "-verticle/target/" + name + ".jar"), "start.sh starts the " + name);

            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            for (String variable : env.keySet()) {
                assertTrue(readme.contains("`" + variable + "`"), variable + " is documented in the README");
            }
            String port = String.valueOf(env.getOrDefault("HTTP_PORT", env.get("HEALTH_PORT")));
            assertTrue(String.valueOf(health.get("test")).contains("/dev/tcp/127.0.0.1/" + port),
                    name + "'s healthcheck asks its own port " + port);
        }
        Map<String, Object> worker = services.get("worker");
        assertFalse(worker.containsKey("container_name"), "workers scale: no fixed container name");
        assertFalse(worker.containsKey("ports"), "workers scale: no published ports");
    }

    @Test
    void theLauncherStartsEveryServiceAndRedisUnlessOneIsConfigured() throws IOException {
        String launcher = Files.readString(ROOT.resolve("start.sh"));
        Matcher jars = Pattern.compile("java [^\\n]*?-jar \"\\$(\\w+)\"").matcher(launcher);
        int started = 0;
        while (jars.find()) {
            started++;
        }
        assertEquals(3, started, "producer, monitor and worker JVMs");
        assertTrue(launcher.contains("EmbeddedRedisMain") && launcher.contains("if [ -z \"${REDIS_URL:-}\" ]"));
    }
}
