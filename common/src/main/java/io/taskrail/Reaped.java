package io.taskrail;

/**
 * A task whose lease expired, and where the reaper put it.
 *
 * @param taskId the task
 * @param status {@link TaskStatus#PENDING} when it will run again, {@link TaskStatus#DEAD} when its attempts are spent
 * @param type   the task's type
 */
public record Reaped(String taskId, TaskStatus status, String type) {
}
