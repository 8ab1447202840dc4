package io.taskrail.producer;

import io.vertx.ext.web.Route;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiTest extends ProducerFixture {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    @Test
    @SuppressWarnings("unchecked")
    void theDocumentIsServedParsesAndDescribesExactlyTheRoutes() {
        Reply doc = get("/openapi.yaml");
        assertEquals(200, doc.status());
        assertTrue(doc.header("Content-Type").startsWith("application/yaml"));
        Map<String, Object> openapi = new Yaml().load(doc.response().body());
        assertTrue(String.valueOf(openapi.get("openapi")).startsWith("3."), "an OpenAPI 3 document");

        Set<String> documented = new HashSet<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) openapi.get("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                documented.add(method.toUpperCase() + " " + path);
                assertTrue(((Map<String, Object>) operation).containsKey("responses"), method + " " + path);
            }
        }));

        Set<String> served = new HashSet<>();
        for (Route route : producer.router().getRoutes()) {
            if (route.getPath() != null && route.methods() != null) {
                route.methods().forEach(method -> served.add(method.name() + " "
                        + route.getPath().replaceAll(":(\\w+)", "{$1}")));
            }
        }
        assertEquals(served, documented);
    }
}
