package io.taskrail.producer;

import io.taskrail.testing.SilentServer;
import org.junit.jupiter.api.Test;

class SilentRedisStartTest {

    @Test
    void aRedisThatAcceptsButNeverAnswersDoesNotHoldTheStartUp() throws Exception {
        // Redis stopped (SIGSTOP) or behind a network that drops its replies: the service must still come up and
        // say it is not ready, not wait for an answer that never comes.
        ProducerVerticle service = new ProducerVerticle();
        SilentServer.assertStartsNotReady(service, service::port);
    }
}
