package io.chaperone.web;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Errors raised by Vert.x before a request reaches a resource (body too large, no route) answer
 * problem+json like everything else.
 */
@ApplicationScoped
public class HttpErrorRoutes {

    void install(@Observes Router router) {
        router.errorHandler(413, ctx -> write(ctx, Problem.of(413, "body_too_large", "the request body exceeds the limit")));
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
