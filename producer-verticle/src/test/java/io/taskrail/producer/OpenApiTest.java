package io.taskrail.producer;

import io.vertx.ext.web.Route;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiTest extends ProducerFixture {
    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|post|put|delete|patch):\\s*$");

    @Test
    void theDocumentIsServedAndDescribesExactlyTheRoutes() {
        Reply doc = get("/openapi.yaml");
        assertEquals(200, doc.status());
        assertTrue(doc.header("Content-Type").startsWith("application/yaml"));
        String yaml = doc.response().body();
        assertTrue(yaml.startsWith("openapi: 3."), "an OpenAPI 3 document");

        Set<String> documented = new HashSet<>();
        String path = null;
        boolean inPaths = false;
        for (String line : yaml.split("\n")) {
            if (line.equals("paths:")) {
                inPaths = true;
                continue;
            }
            if (inPaths && !line.startsWith(" ") && !line.isBlank()) {
                break;
            }
            Matcher p = PATH.matcher(line);
            Matcher m = METHOD.matcher(line);
            if (p.matches()) {
                path = p.group(1);
            } else if (m.matches() && path != null) {
                documented.add(m.group(1).toUpperCase() + " " + path);
            }
        }

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
