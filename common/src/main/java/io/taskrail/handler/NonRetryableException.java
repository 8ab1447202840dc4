package io.taskrail.handler;

/** A failure that retrying cannot mend, such as invalid input: the task goes straight to dead. */
public class NonRetryableException extends RuntimeException {
    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
