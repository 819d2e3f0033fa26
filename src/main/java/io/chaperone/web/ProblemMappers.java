package io.chaperone.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleObjectStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * Turns every failure into problem+json with a stable code. The database or its pool refusing is a 503
 * {@code database_unavailable} ({@link DatabaseRefusals}); other unexpected failures are logged by class only (never
 * the request body) and answered with a generic 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder builder = Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.toProblem());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unrecognizedField(UnrecognizedPropertyException e) {
        return respond(Problem.of(400, "unknown_field", "unknown field '" + e.getPropertyName() + "'"));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return malformedBody();
    }

    /** A value of the wrong type; mapped here because rest-jackson's built-in mapper answers plain JSON. */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        return malformedBody();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + " " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(Problem.of(400, "invalid_body", detail));
    }

    @ServerExceptionMapper
    public Response auditUnavailable(io.chaperone.audit.AuditUnavailableException e) {
        return respond(Problem.of(503, "audit_unavailable",
                "the change could not be recorded in the audit trail, so it was not made; retry later"));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return respond(Problem.of(401, "unauthenticated", "a valid bearer token is required"));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return respond(Problem.of(401, "unauthenticated", "a valid bearer token is required"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "forbidden", "this role may not do that"));
    }

    @ServerExceptionMapper
    public Response stale(StaleObjectStateException e) {
        return respond(Problem.of(409, "concurrent_update", "the resource changed concurrently; retry"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // The JSON body reader wraps parse and mapping failures in a 400; answer them by their cause.
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            return unrecognizedField(unknown);
        }
        if (e.getCause() instanceof JsonProcessingException malformed) {
            return malformedJson(malformed);
        }
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException) {
            return malformedBody(); // rest-jackson wraps unparsable JSON in a plain 400
        }
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
        String detail = switch (status) {
            case 404 -> "resource not found";
            case 405 -> "method not allowed";
            case 415 -> "use Content-Type: application/json";
            default -> status >= 500 ? "the gateway could not complete the request" : "the request was not accepted";
        };
        return respond(Problem.of(status, code, detail));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e instanceof ProblemException p) {
            return problem(p);
        }
        if (DatabaseRefusals.refused(e)) {
            // Not a fault of the gateway: the database or its pool refused (overload, too many connections, restart).
            LOG.warnf("database refused a request: %s (code=database_unavailable)", e.getClass().getSimpleName());
            return Response.fromResponse(respond(Problem.of(503, "database_unavailable",
                    "the database is unavailable or overloaded; retry later"))).header("Retry-After", "1").build();
        }
        LOG.errorf("unexpected failure: %s", e.getClass().getSimpleName());
        return respond(Problem.of(500, "internal_error", "the gateway could not complete the request"));
    }

    private static Response malformedBody() {
        return respond(Problem.of(400, "malformed_body", "the request body is not valid JSON of the expected shape"));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
