package io.taskrail.producer;

import io.taskrail.boot.ServiceLauncher;

/** Starts a producer node: clustered Vert.x, then {@link ProducerVerticle}, configured from the environment. */
public final class ProducerMain {
    private ProducerMain() {
    }

    public static void main(String[] args) {
        ServiceLauncher.run("producer", ProducerVerticle::new);
    }
}
