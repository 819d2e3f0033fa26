package io.chaperone.anomaly;

import io.chaperone.ops.Meters;
import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of denied commands: a warning at the third (audited, the resident notified), the session suspended at the
 * sixth (the technician's socket closes with 4004), and the resident's resume lets the technician work again.
 */
@QuarkusTest
@TestProfile(AnomalyProfile.class)
class AnomalySuspensionTest {

    @Inject
    RelayWorld world;
    @Inject
    Meters meters;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldSuspendTheSessionOnABurstOfDenialsAndLetResumeRestoreIt() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        Meters.Readings before = meters.read();

        for (int i = 1; i <= 5; i++) {
            technician.sendCommand("d-" + i, "camera-1", "diag.read");
            assertThat(technician.awaitReply("denied", "d-" + i).getString("code")).isEqualTo("out_of_scope");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> flags(sid) == 1);
        assertThat(world.sessionState(sid)).isEqualTo("active");

        technician.sendCommand("d-6", "camera-1", "diag.read");
        assertThat(technician.awaitClose()).isEqualTo(4004);
        await().atMost(Duration.ofSeconds(10)).until(() -> "suspended".equals(world.sessionState(sid)));
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'anomaly.flagged'"
                + " AND outcome = 'warning' AND correlation_id = 'denial_burst' AND actor = 'system'", sid)).isEqualTo(1);
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'anomaly.flagged'"
                + " AND outcome = 'severe' AND correlation_id = 'denial_burst'", sid)).isEqualTo(1);
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'session.suspended'"
                + " AND actor = 'system'", sid)).isEqualTo(1);
        // and the node's anomaly meter (the ops feed's source) counted both flags, one of them severe
        Meters.Readings after = meters.read();
        assertThat(after.anomalyFlags().get("denial_burst") - before.anomalyFlags().get("denial_burst")).isEqualTo(2);
        assertThat(after.anomalyFlagsSevere() - before.anomalyFlagsSevere()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> world.count("SELECT count(*) FROM notifications"
                + " WHERE session_id = $1 AND kind = 'anomaly.flagged'", sid) == 2);

        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/resume", sid)
                .then().statusCode(200);
        WsClient again = world.technician(home, sid);
        again.await(f -> "session".equals(f.getString("type")));
        again.sendCommand("ok-1", "thermostat-1", "diag.read");
        JsonObject result = again.awaitReply("result", "ok-1");
        assertThat(result.getString("id")).isEqualTo("ok-1");
        // Resumed: the burst is forgiven, a single denial now flags nothing.
        again.sendCommand("d-7", "camera-1", "diag.read");
        again.awaitReply("denied", "d-7");
        assertThat(flags(sid)).isEqualTo(2);
        assertThat(world.sessionState(sid)).isEqualTo("active");
    }

    private long flags(UUID sid) {
        return world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'anomaly.flagged'", sid);
    }
}
