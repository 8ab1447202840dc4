package io.taskrail;

/**
 * A listing of tasks in one status. Order: pending by claim order (priority, then FIFO); scheduled by runAt;
 * processing by lease deadline; completed, dead and cancelled by finishedAt, oldest first.
 *
 * @param status the status to list; required
 * @param queue  one queue, or null for every registered queue (in name order)
 * @param type   only tasks of this type, or null for all
 * @param limit  1..{@value #MAX_LIMIT}
 * @param cursor from the previous page, or null for the first
 */
public record TaskQuery(TaskStatus status, String queue, String type, int limit, String cursor) {
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;

    public TaskQuery {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
        }
    }

    public static TaskQuery of(TaskStatus status) {
        return new TaskQuery(status, null, null, DEFAULT_LIMIT, null);
    }

    public TaskQuery inQueue(String queue) {
        return new TaskQuery(status, queue, type, limit, cursor);
    }

    public TaskQuery ofType(String type) {
        return new TaskQuery(status, queue, type, limit, cursor);
    }

    public TaskQuery withLimit(int limit) {
        return new TaskQuery(status, queue, type, limit, cursor);
    }

    public TaskQuery after(String cursor) {
        return new TaskQuery(status, queue, type, limit, cursor);
    }
}
