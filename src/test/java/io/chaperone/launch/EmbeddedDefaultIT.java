package io.chaperone.launch;

import io.chaperone.support.PackagedJar;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's run command, for real: the packaged gateway started with a clean environment and no
 * database configured must bring up its own PostgreSQL, seed the demo, let alice sign in, and on
 * SIGTERM leave no process behind (the postmaster daemonizes, so it is tracked by its pid file too).
 */
class EmbeddedDefaultIT {

    private static final Duration START_BOUND = Duration.ofSeconds(120);
    private static final Duration STOP_BOUND = Duration.ofSeconds(45);

    @TempDir
    Path workDir;

    private Process gateway;
    private long postmasterPid = -1;

    @AfterEach
    void killLeftovers() {
        if (gateway != null && gateway.isAlive()) {
            gateway.descendants().forEach(ProcessHandle::destroyForcibly);
            gateway.destroyForcibly();
        }
        ProcessHandle.of(postmasterPid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void shouldRunOnItsOwnDatabaseWithDemoDataAndLeaveNoProcessBehindOnSigterm() throws Exception {
        // Given the packaged gateway, started with no database URL in a clean environment
        int port = PackagedJar.freePort();
        int managementPort = PackagedJar.freePort();
        Path dataDir = workDir.resolve("pg-data");
        Path log = workDir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(PackagedJar.java(), "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                "-Dchaperone.embedded.data-dir=" + dataDir, "-jar", PackagedJar.runner().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("HOME", workDir.toString());
        gateway = builder.start();

        // When it is ready
        await().atMost(START_BOUND).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertTrue(gateway.isAlive(), () -> "the gateway exited early:\n" + PackagedJar.tail(log));
            return PackagedJar.status(managementPort, "/q/health/ready") == 200;
        });

        // Then it runs the demo profile on the embedded database
        String output = Files.readString(log);
        assertTrue(output.contains("embedded PostgreSQL started"), output);
        assertTrue(output.contains("Profile demo activated"), output);
        List<String> pid = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        postmasterPid = Long.parseLong(pid.get(0).trim());
        int pgPort = Integer.parseInt(pid.get(3).trim());
        // and alice can sign in through the dev issuer and is the seeded resident
        String token = given().baseUri("http://127.0.0.1").port(port).contentType(ContentType.JSON)
                .body(Map.of("username", "alice", "password", "alice-demo", "mfa", true))
                .when().post("/dev-issuer/login")
                .then().statusCode(200).body("tokenType", equalTo("Bearer"))
                .extract().path("accessToken");
        String residentId = given().baseUri("http://127.0.0.1").port(port).auth().oauth2(token)
                .when().get("/api/v1/me")
                .then().statusCode(200).body("subject", equalTo("alice")).body("role", equalTo("resident"))
                .extract().path("id");
        try (Connection db = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pgPort + "/chaperone", "postgres", "postgres")) {
            assertEquals(residentId, single(db, "SELECT r.id FROM residents r JOIN homes h ON h.resident_id = r.id "
                    + "WHERE h.name = 'Alice''s flat' AND r.subject = 'alice'"));
            assertEquals("1", single(db, "SELECT count(*) FROM providers WHERE org = 'acme'"));
            assertEquals("0", single(db, "SELECT count(*) FROM hubs h JOIN homes o ON o.id = h.home_id "
                    + "WHERE o.name = 'Alice''s flat' AND h.cert_fingerprint IS NULL"));
            assertEquals("3", single(db, "SELECT count(*) FROM session_templates"));
            assertEquals("1", single(db, "SELECT count(*) FROM support_tickets WHERE state = 'open' AND opened_by = 'alice'"));
        }

        // When it is stopped with SIGTERM
        List<ProcessHandle> tree = gateway.descendants().toList();
        gateway.destroy();

        // Then the JVM, its children and the daemonized postmaster are gone within the bound
        await().atMost(STOP_BOUND).pollInterval(Duration.ofMillis(200)).until(() -> !gateway.isAlive()
                && tree.stream().noneMatch(ProcessHandle::isAlive)
                && ProcessHandle.of(postmasterPid).map(p -> !p.isAlive()).orElse(true)
                && ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains(dataDir.toString())));
        assertEquals(143, gateway.exitValue(), "the JVM's exit status after SIGTERM");
        assertTrue(Files.notExists(dataDir.resolve("postmaster.pid")), "PostgreSQL shut down cleanly");
    }

    private static String single(Connection db, String sql) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            String value = rs.getString(1);
            assertTrue(!rs.next(), "more than one row: " + sql);
            return value;
        }
    }
}
