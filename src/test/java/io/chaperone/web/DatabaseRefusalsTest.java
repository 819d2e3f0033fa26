package io.chaperone.web;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A database or pool that refuses is answered 503 {@code database_unavailable}, never 500: the failures come from a
 * real PostgreSQL (a role over its connection limit, as a server over {@code max_connections} answers) and a real
 * reactive pool (no connection free within its timeout).
 */
class DatabaseRefusalsTest {

    private static final String DB = System.getenv().getOrDefault("CHAPERONE_TEST_DB", "chaperone_test");
    private static final String ROLE = "chaperone_refused_" + ProcessHandle.current().pid();
    private static Vertx vertx;

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "postgres")) {
            c.createStatement().execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD 'refused' CONNECTION LIMIT 0");
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "postgres")) {
            c.createStatement().execute("DROP ROLE IF EXISTS " + ROLE);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static PgConnectOptions options(String user, String password) {
        return new PgConnectOptions().setHost("127.0.0.1").setPort(5432).setDatabase(DB).setUser(user).setPassword(password);
    }

    private static Throwable failureOf(io.vertx.core.Future<?> future) {
        Throwable thrown = catchThrowable(() -> future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS));
        return thrown instanceof java.util.concurrent.ExecutionException e ? e.getCause() : thrown;
    }

    private static Problem answered(Throwable failure) {
        Response response = new ProblemMappers().unexpected(failure);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        return (Problem) response.getEntity();
    }

    @Test
    void shouldAnswer503WhenPostgresRefusesTheConnection() {
        PgPool pool = PgPool.pool(vertx, options(ROLE, "refused"), new PoolOptions().setMaxSize(1));
        try {
            Throwable refused = failureOf(pool.query("SELECT 1").execute());

            assertThat(refused).isInstanceOf(io.vertx.pgclient.PgException.class);
            assertThat(((io.vertx.pgclient.PgException) refused).getSqlState()).isEqualTo("53300");
            assertThat(answered(refused).code()).isEqualTo("database_unavailable");
            // as it reaches the mapper from Hibernate Reactive or Mutiny: wrapped
            assertThat(answered(new CompletionException(new IllegalStateException(refused))).code())
                    .isEqualTo("database_unavailable");
        } finally {
            pool.close();
        }
    }

    @Test
    void shouldAnswer503WhenThePoolHasNoConnectionInTime() throws Exception {
        PgPool pool = PgPool.pool(vertx, options("postgres", "postgres"),
                new PoolOptions().setMaxSize(1).setConnectionTimeout(1).setConnectionTimeoutUnit(TimeUnit.SECONDS));
        try {
            // On a loaded machine connecting may take longer than the pool's timeout: try until the one connection is ours.
            AtomicReference<SqlConnection> taken = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                taken.set(pool.getConnection().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS));
                return true;
            });
            SqlConnection held = taken.get();
            Throwable timedOut = failureOf(pool.query("SELECT 1").execute());

            assertThat(answered(timedOut).code()).isEqualTo("database_unavailable");
            held.close();
        } finally {
            pool.close();
        }
    }

    @Test
    void shouldStillAnswer500ForAFaultOfTheGateway() {
        Response response = new ProblemMappers().unexpected(new IllegalStateException("a bug"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(((Problem) response.getEntity()).code()).isEqualTo("internal_error");
    }
}
