package io.taskrail;

/**
 * What an enqueue did.
 *
 * @param taskId  the task's id: a new one, or, for an idempotent resubmission, the first task's
 * @param status  the task's status now
 * @param created false when the idempotency key matched an existing task and nothing was stored
 */
public record EnqueueResult(String taskId, TaskStatus status, boolean created) {
}
