package io.chaperone.web;

import java.util.Map;

/**
 * A failure that answers with a problem+json body. Thrown by domain types and services; carries no
 * stack trace because it is an expected outcome, not a bug.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public ProblemException(int status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ProblemException(int status, String code, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public int status() { return status; }

    public String code() { return code; }

    public Map<String, String> headers() { return headers; }

    public Problem toProblem() { return Problem.of(status, code, getMessage()); }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not_found", what + " not found");
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, detail);
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(403, code, detail);
    }
}
