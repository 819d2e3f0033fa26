package io.chaperone.audit;

import io.vertx.sqlclient.Pool;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * C1 means durable before effect, which an asynchronous commit breaks: with {@code synchronous_commit=off}
 * a crash loses transactions already reported as committed. The gateway refuses to start with it.
 */
final class SynchronousCommit {

    private static final Logger LOG = Logger.getLogger(SynchronousCommit.class);

    private SynchronousCommit() {
    }

    /** Blocks the calling (startup) thread for the answer; a database that does not answer is not fatal here. */
    static void require(Pool pool) {
        String value;
        try {
            value = pool.query("SHOW synchronous_commit").execute()
                    .map(rows -> rows.iterator().next().getString(0))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.warn("Could not read synchronous_commit at start (code=audit.db_unreachable); the writer retries");
            return;
        }
        if ("off".equalsIgnoreCase(value)) {
            throw new IllegalStateException("synchronous_commit is off: C1 audit records could be lost after commit");
        }
        LOG.debugf("synchronous_commit=%s", value);
    }
}
