package io.taskrail;

/** A task submission that breaks a rule of the model; {@link #field()} names the offending field. */
public class InvalidTaskException extends IllegalArgumentException {
    private final String field;

    public InvalidTaskException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The JSON field at fault, e.g. {@code "priority"} or {@code "tasks[3].type"}. */
    public String field() {
        return field;
    }
}
