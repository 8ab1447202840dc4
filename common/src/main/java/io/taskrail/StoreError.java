package io.taskrail;

/**
 * Why a transition was refused. Each Lua script answers one of these as a negative code (the same numbers are listed
 * in each script's contract header).
 */
public enum StoreError {
    /** No task has that id, or its data has expired. */
    NOT_FOUND(-1),
    /** The caller's fencing token is not the task's current one: the lease expired and the task moved on. */
    LEASE_LOST(-2),
    /** The task is in a status the transition does not start from (e.g. cancel of a processing task). */
    WRONG_STATE(-3),
    /** The queue holds its maximum of pending tasks; see {@link QueueFullException}. */
    QUEUE_FULL(-4),
    /** The task's stored fields cannot be read (stored data gone wrong), so it cannot go back to ready. */
    UNREADABLE(-5);

    private final int code;

    StoreError(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The error for a script's negative code. */
    public static StoreError fromCode(long code) {
        for (StoreError error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        throw new IllegalStateException("unknown store result code " + code);
    }
}
