package io.chaperone.relay;

import io.chaperone.audit.AuditFaultProfile;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.TcpFaultProxy;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.support.Management.management;
import static io.chaperone.relay.RelayWorld.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away mid-session (the pool's TCP path is cut): commands fail closed, live sessions
 * close with 4005, upgrades answer 503, and after recovery every command the hub received has exactly
 * one committed audit row.
 */
@QuarkusTest
@TestProfile(AuditFaultProfile.class)
class RelayDatabaseFaultTest {

    TcpFaultProxy proxy;
    @Inject
    RelayWorld world;
    @Inject
    io.chaperone.audit.AuditWriter writer;

    @AfterEach
    void cleanUp() {
        proxy.restore();
        world.closeAll();
    }

    @Test
    void shouldFailClosedWhileTheDatabaseIsDownAndAuditEveryForwardedCommandOnce() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        technician.sendCommand("c-1", "thermostat-1", "diag.read");
        technician.awaitReply("result", "c-1");

        proxy.cut();
        technician.sendCommand("c-2", "thermostat-1", "diag.read");

        // The outage (declared after 1 s in this profile) closes the session before c-2's 2 s commit bound,
        // so c-2 is either answered audit_unavailable or cut with the socket; it never reaches the hub.
        assertThat(technician.awaitClose()).isEqualTo(4005);
        assertThat(technician.frames("denied")).allSatisfy(d -> assertThat(d.getString("code")).isEqualTo("audit_unavailable"));
        assertThat(hubUpgradeStatus(home)).isEqualTo(503);
        assertThat(home.hub().agent().receivedCommands()).extracting(c -> c.getString("id")).containsExactly("c-1");

        proxy.restore();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                management().get("/q/health/ready").then().extract().statusCode() == 200);
        for (JsonObject cmd : home.hub().agent().receivedCommands()) {
            assertThat(world.auditRows(sid, "command", cmd.getString("id"))).isEqualTo(1);
        }
        assertThat(world.sessionState(sid)).isIn("approved", "active");
    }

    @Test
    void shouldPauseAHubInsteadOfDroppingItsEventsWhenTheAuditBufferIsFull() {
        Home home = world.home(List.of("diag.read"), 600);
        long before = world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'device.event'", home.hubId());

        proxy.cut();
        for (int i = 0; i < 500; i++) {
            home.hub().send(new JsonObject().put("type", "event").put("device", "light-1").put("status", "s-" + i));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> writer.bufferedC2() == AuditFaultProfile.C2_CAPACITY);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> writer.bufferedC2() <= AuditFaultProfile.C2_CAPACITY);
        proxy.restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> world.count(
                "SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'device.event'", home.hubId()) == before + 500);
        assertThat(world.count("SELECT count(DISTINCT outcome) FROM audit_events WHERE chain_id = $1 AND kind = 'device.event'",
                home.hubId())).isEqualTo(500);
        assertThat(home.hub().isConnected()).isTrue();
    }

    private int hubUpgradeStatus(Home home) {
        return world.hubUpgradeStatus(home.identity());
    }
}
