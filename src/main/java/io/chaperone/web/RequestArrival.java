package io.chaperone.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Notes when a revoke request reached the router, before authentication and the resource, so the revocation
 * meters (docs/operations.md) include the time a request waits for its event loop, its token check and dispatch.
 * Only revoke calls: one map entry, no allocation on other requests.
 */
@ApplicationScoped
public class RequestArrival {

    private static final String KEY = "chaperone.arrivedNanos";
    /** Ahead of every other filter (SecurityHeaders is 10,000), so nothing they do is left out. */
    private static final int PRIORITY = 20_000;

    void install(@Observes Filters filters) {
        filters.register(RequestArrival::note, PRIORITY);
    }

    static void note(RoutingContext ctx) {
        String path = ctx.request().path();
        if (ctx.request().method() == HttpMethod.POST && path != null && path.endsWith("/revoke")) {
            ctx.put(KEY, System.nanoTime());
        }
        ctx.next();
    }

    /** When the request arrived ({@link System#nanoTime()}), or now if it was not noted. */
    public static long nanos(RoutingContext ctx) {
        Long at = ctx == null ? null : ctx.get(KEY);
        return at != null ? at : System.nanoTime();
    }
}
