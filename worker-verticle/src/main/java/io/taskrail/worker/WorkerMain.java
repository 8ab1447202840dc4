package io.taskrail.worker;

import io.taskrail.boot.ServiceLauncher;

/** Starts a worker node: clustered Vert.x, then {@link WorkerVerticle}, configured from the environment. */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) {
        ServiceLauncher.run("worker", WorkerVerticle::new);
    }
}
