package io.chaperone.cluster;

import io.chaperone.admin.KeyMaterialDirectory;
import io.chaperone.support.PackagedJar;
import io.chaperone.trust.device.DeviceTrustFiles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * N gateway processes from the packaged jar (failsafe's {@code chaperone.it.runner}) in cluster mode, for ITs: free
 * loopback ports per node (http, https hub listener, management), one fresh database of their own, one NATS (the
 * machine's at 4222 unless a {@link PrivateNats} is given) under a subject prefix of this run only, node ids
 * {@code node-a}, {@code node-b}, ..., and shared key material (signing keys, checkpoint key, device CA, hub listener,
 * master key) generated into a temporary directory. Profile {@code dev,bench} like the load tests: the development
 * issuer is on ({@code POST /dev-issuer/login} with bench-resident/bench-tech/bench-ops, password {@code bench}).
 * Each node's output goes to {@code target/cluster-it/<run>/<node>.log} (appended across restarts).
 */
public final class ClusterNodes implements AutoCloseable {

    private static final Duration START_BOUND = Duration.ofSeconds(240);
    private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC);

    private final List<Node> nodes = new ArrayList<>();
    private final Path keys;
    private final Path logs;
    private final String database;
    private final String natsUrl;
    private final String subjectPrefix = "it" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> properties;
    private final String masterKey;

    private ClusterNodes(int count, String natsUrl, Map<String, String> properties) throws IOException {
        this.natsUrl = natsUrl;
        this.properties = properties;
        this.database = System.getenv().getOrDefault("CHAPERONE_TEST_DB", "chaperone") + "_cluster_it";
        this.logs = Path.of("target", "cluster-it", RUN.format(Instant.now()) + "-" + subjectPrefix).toAbsolutePath();
        Files.createDirectories(logs);
        this.keys = Files.createTempDirectory("chaperone-cluster-keys-").resolve("keys");
        new KeyMaterialDirectory(keys, Clock.systemUTC()).init(List.of("localhost", "127.0.0.1"));
        this.masterKey = Files.readString(keys.resolve(KeyMaterialDirectory.MASTER_KEY)).trim();
        for (int i = 0; i < count; i++) {
            nodes.add(new Node("node-" + (char) ('a' + i), PackagedJar.freePort(), PackagedJar.freePort(), PackagedJar.freePort()));
        }
    }

    /** {@code count} nodes on the machine's NATS, all started and ready. */
    public static ClusterNodes start(int count) throws Exception {
        return start(count, "nats://127.0.0.1:4222", Map.of());
    }

    /**
     * {@code count} nodes on {@code natsUrl}, with extra {@code -D} settings for every node (e.g. a shorter presence
     * lease), all started and ready.
     */
    public static ClusterNodes start(int count, String natsUrl, Map<String, String> properties) throws Exception {
        ClusterNodes cluster = new ClusterNodes(count, natsUrl, new LinkedHashMap<>(properties));
        try {
            cluster.recreateDatabase();
            cluster.nodes.forEach(Node::launch);
            cluster.nodes.forEach(Node::awaitReady);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    /** The shared key material; the device CA files (for enrolling simulated hubs) are in here. */
    public Path keys() {
        return keys;
    }

    public Path deviceCaCert() {
        return keys.resolve(DeviceTrustFiles.CA_CERT);
    }

    public String database() {
        return database;
    }

    /** JDBC URL of the nodes' database (user postgres), for assertions on rows. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    public String subjectPrefix() {
        return subjectPrefix;
    }

    /** The NATS the nodes share, for a test's own plain subscriber. */
    public String natsUrl() {
        return natsUrl;
    }

    public Path logs() {
        return logs;
    }

    /** Every node killed at once (SIGKILL: nothing to wait for), logs kept. */
    @Override
    public void close() {
        for (Node node : nodes) {
            node.kill9();
        }
    }

    private void recreateDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        }
    }

    /** One gateway process; its ports stay the same across {@link #stop()} and {@link #start()}. */
    public final class Node {

        private final String id;
        private final int httpPort;
        private final int httpsPort;
        private final int managementPort;
        private final Path log;
        private Process process;

        private Node(String id, int httpPort, int httpsPort, int managementPort) {
            this.id = id;
            this.httpPort = httpPort;
            this.httpsPort = httpsPort;
            this.managementPort = managementPort;
            this.log = logs.resolve(id + ".log");
        }

        public String id() {
            return id;
        }

        /** {@code http://127.0.0.1:<port>}: REST, technician and activity sockets. */
        public String baseUrl() {
            return "http://127.0.0.1:" + httpPort;
        }

        /** {@code wss://127.0.0.1:<port>/ws/hub}: the hubs' mTLS listener. */
        public URI hubUri() {
            return URI.create("wss://127.0.0.1:" + httpsPort + "/ws/hub");
        }

        /** {@code https://127.0.0.1:<port>}: the same listener for enrollment. */
        public String httpsUrl() {
            return "https://127.0.0.1:" + httpsPort;
        }

        public String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }

        public int httpPort() {
            return httpPort;
        }

        public int httpsPort() {
            return httpsPort;
        }

        public int managementPort() {
            return managementPort;
        }

        public Path log() {
            return log;
        }

        public boolean alive() {
            return process != null && process.isAlive();
        }

        public long pid() {
            return process.pid();
        }

        /** Starts the node again (after {@link #stop()} or {@link #kill9()}) and waits until it is ready. */
        public void start() {
            launch();
            awaitReady();
        }

        /** SIGKILL: no shutdown hook, no drain, no lease release. */
        public void kill9() {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(30));
            }
        }

        /** SIGTERM and wait for a clean stop. */
        public void stop() {
            if (process != null && process.isAlive()) {
                process.destroy();
                assertTrue(waitFor(Duration.ofSeconds(60)), id + " did not stop within 60 s:\n" + PackagedJar.tail(log));
            }
        }

        /** HTTP status of a management path, -1 when nothing answers. */
        public int managementStatus(String path) {
            return PackagedJar.status(managementPort, path);
        }

        /** The body of {@code /q/health/ready} (also when 503), or null when nothing answers. */
        public String readiness() {
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
                return client.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        public void awaitReady() {
            await().atMost(START_BOUND).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertTrue(alive(), () -> id + " exited:\n" + PackagedJar.tail(log));
                return managementStatus("/q/health/ready") == 200;
            });
        }

        private boolean waitFor(Duration bound) {
            try {
                return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void launch() {
            assertTrue(process == null || !process.isAlive(), id + " is running");
            List<String> command = new ArrayList<>(List.of(PackagedJar.java(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1"));
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("quarkus.profile", "dev,bench");
            settings.put("quarkus.http.host", "127.0.0.1");
            settings.put("quarkus.management.host", "127.0.0.1");
            settings.put("quarkus.http.port", String.valueOf(httpPort));
            settings.put("quarkus.http.ssl-port", String.valueOf(httpsPort));
            settings.put("quarkus.management.port", String.valueOf(managementPort));
            settings.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/" + database);
            settings.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + database);
            settings.put("chaperone.devices.ca-cert-location", keys.resolve(DeviceTrustFiles.CA_CERT).toString());
            settings.put("chaperone.devices.ca-key-location", keys.resolve(DeviceTrustFiles.CA_KEY).toString());
            settings.put("chaperone.devices.server-cert-location", keys.resolve(DeviceTrustFiles.SERVER_CERT).toString());
            settings.put("chaperone.devices.server-key-location", keys.resolve(DeviceTrustFiles.SERVER_KEY).toString());
            settings.put("chaperone.keys.signing-keys-location", keys.resolve(KeyMaterialDirectory.SIGNING_KEYS).toString());
            settings.put("chaperone.audit.checkpoint-key-location", keys.resolve(KeyMaterialDirectory.CHECKPOINT_KEY).toString());
            settings.put("chaperone.privacy.ephemeral-master-key", "false");
            settings.put("chaperone.cluster.enabled", "true");
            settings.put("chaperone.cluster.node-id", id);
            settings.put("chaperone.cluster.nats-url", natsUrl);
            settings.put("chaperone.cluster.subject-prefix", subjectPrefix);
            settings.putAll(properties);
            settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("-jar", PackagedJar.runner().toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(logs.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
            builder.environment().put("HOME", logs.toString());
            // The master key by environment, as in Kubernetes, so it is not on a command line.
            builder.environment().put("CHAPERONE_PRIVACY_MASTER_KEY", masterKey);
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + id, e);
            }
        }

        @Override
        public String toString() {
            return id + "(http " + httpPort + ", hubs " + httpsPort + ", management " + managementPort + ")";
        }
    }
}
