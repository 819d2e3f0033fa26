package io.chaperone.cli;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.KeyBindingRequiredProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.chaperone.relay.RelayWorld.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The terminal against the real gateway where every ticket must be key-bound: it binds its ticket to a
 * key of its own with a DPoP proof, proves possession at the upgrade, and a command reaches the hub.
 */
@QuarkusTest
@TestProfile(KeyBindingRequiredProfile.class)
class ChaperoneTerminalGatewayTest {

    @Inject
    RelayWorld world;
    private Process process;

    @AfterEach
    void cleanUp() {
        if (process != null) {
            process.destroyForcibly();
        }
        world.closeAll();
    }

    @Test
    void shouldBindItsTicketProveItsKeyAndRunACommand() throws Exception {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());

        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--source", "21", ChaperoneTerminalTest.SOURCE.toString(), "--gateway", "http://127.0.0.1:" + RestAssured.port,
                "--session", sid.toString(), "--token", world.technicianToken(home)).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = Thread.ofVirtual().start(() -> copy(process.getInputStream(), output));
        Writer stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);

        // Typed like a person: the command once the session frame is shown, quit once its result is.
        awaitOutput(output, "[session] active");
        stdin.write("thermostat-1 diag.read\n");
        stdin.flush();
        awaitOutput(output, "[c-1] ok");
        stdin.write("quit\n");
        stdin.close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("terminal finished").isTrue();
        reader.join(Duration.ofSeconds(5));

        assertThat(process.exitValue()).as(output.toString()).isZero();
        assertThat(output.toString()).contains("connected to session " + sid, "connection closed: closed (1000");
        assertThat(home.hub().agent().receivedCommands()).hasSize(1);
        assertThat(world.count("SELECT count(*) FROM connect_tickets WHERE session_id = $1", sid)).isEqualTo(1);
        assertThat(world.count("SELECT count(*) FROM connect_tickets t JOIN dpop_proofs p ON p.key_thumbprint = "
                + "t.key_thumbprint WHERE t.session_id = $1 AND t.used_at IS NOT NULL", sid))
                .as("one proof at the mint, one at the upgrade, both by the bound key").isEqualTo(2);
    }

    private static void awaitOutput(StringBuffer output, String expected) {
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> output.toString().contains(expected));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no '" + expected + "' in the terminal's output:\n" + output, e);
        }
    }

    private static void copy(InputStream in, StringBuffer out) {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            for (int n; (n = reader.read(buffer)) != -1; ) {
                out.append(buffer, 0, n);
            }
        } catch (IOException e) {
            out.append("\n[output lost: ").append(e.getMessage()).append(']');
        }
    }
}
