package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 01's baseline relay (load-tests/): with both benchmark switches off, a command outside the
 * grant is forwarded and nothing of the frame path is audited. Revocation still stops the session.
 */
@QuarkusTest
@TestProfile(BenchmarkModeTest.NoChecks.class)
class BenchmarkModeTest {

    public static class NoChecks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chaperone.relay.benchmark.policy-enabled", "false",
                    "chaperone.relay.benchmark.audit-enabled", "false");
        }
    }

    @Inject
    RelayWorld world;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldForwardWithoutPolicyOrAuditWhenBothSwitchesAreOff() {
        // Given a session granting diag.read on the thermostat only
        Home home = world.home(List.of("diag.read", "config.read", "config.write"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        // When the technician sends a command outside the grant
        technician.sendCommand("c-out", "thermostat-1", "config.write");

        // Then it reaches the hub, its result comes back, and no audit row of the frame path was written
        technician.awaitReply("result", "c-out");
        assertThat(home.hub().agent().receivedCommands()).extracting(c -> c.getString("id")).containsExactly("c-out");
        assertThat(technician.frames("denied")).isEmpty();
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind IN "
                + "('command', 'command.denied', 'result')", sid)).isZero();
    }
}
