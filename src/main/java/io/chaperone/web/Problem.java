package io.chaperone.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details with a stable machine-readable {@code code}. The only error body the
 * gateway ever writes: never a stack trace, class name, token or payload.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String code, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String code, String detail) {
        return new Problem("urn:chaperone:problem:" + code, titleFor(status), status, code, detail);
    }

    private static String titleFor(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
