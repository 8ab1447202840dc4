package io.taskrail.producer.http;

/** A request the API refuses, with the status and the JSON error it answers: {@code {error, detail}}. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String error;

    public ApiException(int status, String error, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
