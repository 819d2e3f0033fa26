package io.chaperone.web;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Whether a failure means the database or the pool to it refused the request, rather than a fault of the gateway:
 * then a request is answered 503 {@code database_unavailable} (retry later), never 500 (docs/operations.md "Database
 * down" and "Scaling": several nodes' pools together must fit PostgreSQL's {@code max_connections}).
 */
final class DatabaseRefusals {

    /** How deep a wrapped failure (Hibernate Reactive, Mutiny, CompletionException) is searched. */
    private static final int MAX_DEPTH = 8;

    private DatabaseRefusals() {
    }

    static boolean refused(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (refusedHere(t)) {
                return true;
            }
            if (t.getCause() == t) {
                return false;
            }
        }
        return false;
    }

    private static boolean refusedHere(Throwable t) {
        if (t instanceof PgException pg) {
            String state = pg.getSqlState() == null ? "" : pg.getSqlState();
            // 53: insufficient resources (53300 too many connections); 57P: shutting down, cannot connect now;
            // 08: connection exception.
            return state.startsWith("53") || state.startsWith("57P") || state.startsWith("08");
        }
        if (t instanceof ConnectionPoolTooBusyException || t instanceof ClosedConnectionException) {
            return true;
        }
        // The reactive pool's own refusals: "Timeout waiting for connection" (a raw VertxException) and the
        // acquisition timeout "Timeout" (a NoStackTraceThrowable); no other client of this gateway fails that way.
        if (t.getClass() == VertxException.class) {
            return true;
        }
        return t instanceof NoStackTraceThrowable && "Timeout".equals(t.getMessage());
    }
}
