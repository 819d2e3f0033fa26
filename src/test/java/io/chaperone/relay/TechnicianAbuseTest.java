package io.chaperone.relay;

import io.chaperone.audit.AuditRows;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A technician who floods the relay with commands it refuses: bounded, closed, and not refilled by reconnecting. */
@QuarkusTest
class TechnicianAbuseTest {

    @Inject
    RelayWorld world;
    @Inject
    AuditRows rows;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private UUID thermostatDiagnostics(Home home) {
        return world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
    }

    private static WsClient ready(WsClient technician) {
        technician.await(f -> "session".equals(f.getString("type")));
        return technician;
    }

    /** Eleven commands outside the scope: one more than the abuse limit of ten a minute. */
    private static void floodOutOfScope(WsClient technician) {
        for (int i = 0; i < 11; i++) {
            technician.sendCommand("c-" + i, "thermostat-1", "config.write");
        }
    }

    @Test
    void shouldCloseASessionWithAbuseCodeAfterTheAbuseLimitOfDeniedCommands() {
        Home home = world.home(List.of("diag.read", "config.write"), 600);
        UUID sid = thermostatDiagnostics(home);
        WsClient technician = ready(world.technician(home, sid));

        floodOutOfScope(technician);

        // Ten denials a minute are answered; the eleventh is answered and closes the socket with 1008.
        assertThat(technician.awaitClose()).isEqualTo(1008);
        assertThat(technician.frames("denied")).hasSize(11)
                .allSatisfy(d -> assertThat(d.getString("code")).isEqualTo("out_of_scope"));
        await().atMost(Duration.ofSeconds(5)).until(() -> world.count(
                "SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'command.denied'", sid) == 11);
        assertThat(home.hub().agent().receivedCommands()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> "approved".equals(world.sessionState(sid)));
    }

    @Test
    void shouldNotForgiveTheAbuseStrikesOnReconnect() {
        Home home = world.home(List.of("diag.read", "config.write"), 600);
        UUID sid = thermostatDiagnostics(home);
        WsClient first = ready(world.technician(home, sid));
        floodOutOfScope(first);
        assertThat(first.awaitClose()).isEqualTo(1008);
        await().atMost(Duration.ofSeconds(5)).until(() -> "approved".equals(world.sessionState(sid)));

        WsClient second = ready(world.technician(home, sid));
        second.sendCommand("c-again", "thermostat-1", "config.write");

        assertThat(second.awaitClose()).isEqualTo(1008);
    }

    @Test
    void shouldKeepTheRateBucketOfASessionAcrossReconnects() {
        Home home = world.home(List.of("diag.read"), 1); // 2 per minute, burst 5
        UUID sid = thermostatDiagnostics(home);
        WsClient first = ready(world.technician(home, sid));
        for (int i = 0; i < 5; i++) {
            first.sendCommand("c-" + i, "thermostat-1", "diag.read");
            first.awaitReply("result", "c-" + i);
        }
        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> "approved".equals(world.sessionState(sid)));

        WsClient second = ready(world.technician(home, sid));
        second.sendCommand("c-after", "thermostat-1", "diag.read");

        assertThat(second.awaitReply("denied", "c-after").getString("code")).isEqualTo("rate_limited");
        assertThat(home.hub().agent().receivedCommands()).hasSize(5);
    }
}
