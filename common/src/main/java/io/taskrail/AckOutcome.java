package io.taskrail;

/**
 * What became of one ack in a batch.
 *
 * @param taskId the task
 * @param error  null when the task is now completed; otherwise why it was not (the lease was lost, or it is gone)
 */
public record AckOutcome(String taskId, StoreError error) {
    public boolean acked() {
        return error == null;
    }
}
