package io.taskrail.monitor;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BadPathTest extends MonitorFixture {

    @Test
    void aPathThatNormalizesToNothingIsA400NotA500() {
        // Found by the fuzzer (reliability/FuzzIT): the static file handler threw on it.
        HttpResponse<String> reply = get("//..%2f..%2f");

        assertEquals(400, reply.statusCode(), reply.body());
        assertEquals("bad_request", new JsonObject(reply.body()).getString("error"));
        assertEquals(404, get("/../../etc/passwd").statusCode(), "traversal finds nothing");
    }
}
