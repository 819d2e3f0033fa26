package io.chaperone.audit;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The audit writer's own small pool to the same database as the application's pool. C1 records are
 * committed while REST transitions hold a connection of the shared pool and wait for that commit; with
 * the writer on the shared pool, a burst of such requests took every connection and left the writer
 * none, so every commit ran into its bound. The writer (and the data keys its sealer reads) therefore
 * never compete with request work for connections.
 */
@ApplicationScoped
public class AuditDatabase {

    private final Pool pool;

    @Inject
    AuditDatabase(Vertx vertx,
                  @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                  @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                  @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                  AuditConfig config) {
        String uri = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        PgConnectOptions options = PgConnectOptions.fromUri(uri);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        // One statement text per batch: prepared once per connection, not parsed and described on every batch
        // (without the cache each INSERT cost an extra round trip on the writer's critical path).
        options.setCachePreparedStatements(true);
        this.pool = PgPool.pool(vertx, options, new PoolOptions().setMaxSize(config.poolSize()).setName("chaperone-audit"));
    }

    public Pool pool() {
        return pool;
    }

    @PreDestroy
    void close() {
        pool.closeAndForget();
    }
}
