package io.taskrail;

/**
 * A transition the task's current state does not allow. Store futures fail with it; callers map
 * {@link StoreError#NOT_FOUND} to 404 and the others to 409.
 */
public class TaskStateException extends RuntimeException {
    private final StoreError error;
    private final String taskId;
    private final TaskStatus status;

    public TaskStateException(StoreError error, String taskId, TaskStatus status) {
        super(describe(error, taskId, status), null, false, false);
        this.error = error;
        this.taskId = taskId;
        this.status = status;
    }

    public StoreError error() {
        return error;
    }

    public String taskId() {
        return taskId;
    }

    /** The task's status when the transition was refused; null when not found or not known. */
    public TaskStatus status() {
        return status;
    }

    private static String describe(StoreError error, String taskId, TaskStatus status) {
        return switch (error) {
            case NOT_FOUND -> "task " + taskId + " not found";
            case LEASE_LOST -> "task " + taskId + ": the lease was lost (expired or taken over)";
            case WRONG_STATE -> "task " + taskId + " is " + (status == null ? "in another state" : status.wireName());
            case QUEUE_FULL -> "the queue of task " + taskId + " is full";
            case UNREADABLE -> "task " + taskId + " cannot be retried: its stored fields cannot be read (delete it)";
        };
    }
}
