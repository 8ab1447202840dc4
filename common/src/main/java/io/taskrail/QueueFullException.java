package io.taskrail;

/** An enqueue refused because the queue holds its maximum of pending tasks; nothing was stored. */
public class QueueFullException extends RuntimeException {
    private final String queue;
    private final long pending;

    public QueueFullException(String queue, long pending) {
        super("queue " + queue + " is full: " + pending + " tasks pending", null, false, false);
        this.queue = queue;
        this.pending = pending;
    }

    public String queue() {
        return queue;
    }

    /** The queue's pending tasks when the enqueue was refused. */
    public long pending() {
        return pending;
    }
}
