package io.chaperone.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Errors raised by Vert.x before a request reaches a resource (body too large, no route) answer
 * problem+json like everything else.
 */
@ApplicationScoped
public class HttpErrorRoutes {

    private static final Problem TOO_LARGE = Problem.of(413, "body_too_large", "the request body exceeds the limit");

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    private BodyHandler chunkedBodies;

    void install(@Observes Router router) {
        // A failure handler, not router.errorHandler: Quarkus' own failure handler would answer first.
        router.route().failureHandler(ctx -> {
            if (ctx.statusCode() == 413) {
                write(ctx, TOO_LARGE);
            } else {
                ctx.next();
            }
        });
        // Quarkus' own Content-Length check (order UPLOAD_LIMIT) ends the response with an empty 413
        // body; this runs just before it so the answer is problem+json.
        maxBodySize.ifPresent(limit -> {
            chunkedBodies = BodyHandler.create(false).setBodyLimit(limit.asLongValue());
            router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                    .handler(ctx -> refuseOversize(ctx, limit.asLongValue()));
        });
    }

    private void refuseOversize(RoutingContext ctx, long limit) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && isOver(declared, limit)) {
            // The unread body would otherwise be parsed as the next request on this connection.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close")
                    .endHandler(ended -> ctx.request().connection().close());
            write(ctx, TOO_LARGE);
        } else if (declared == null && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING, "chunked", true)) {
            // A chunked body's size shows only while reading: buffer it (at most the limit); overflow
            // fails the context with 413, which the error handler answers as problem+json.
            chunkedBodies.handle(ctx);
        } else {
            ctx.next();
        }
    }

    private static boolean isOver(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x' HTTP codec rejects a malformed Content-Length itself
        }
    }

    private static void write(RoutingContext ctx, Problem problem) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
