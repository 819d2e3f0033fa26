package io.chaperone.relay;

import io.chaperone.audit.AuditPoolFaultProfile;
import io.chaperone.audit.AuditWriter;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.TcpFaultProxy;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A revoke that finds the admission queue full (ADR 0038: one revoke's durable part at a time here, the other held by a
 * ~1 s C1 commit on a slow audit pool) still closes the technician's socket at once, is answered 202
 * {@code revocation_pending} after the wait bound, and is then recorded by the revocation job: revoked, its C1 record,
 * no intent left. Without the admission queue the second revoke is answered 200 only after its own slow commit.
 */
@QuarkusTest
@TestProfile(RevokeAdmissionTest.OneAtATime.class)
class RevokeAdmissionTest {

    public static class OneAtATime extends AuditPoolFaultProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("chaperone.revocation-admission.concurrency", "1");
            overrides.put("chaperone.revocation-admission.max-wait", "PT0.3S");
            return overrides;
        }
    }

    private static final Duration AUDIT_LATENCY = Duration.ofSeconds(1);

    TcpFaultProxy proxy;
    @Inject
    RelayWorld world;
    @Inject
    AuditWriter writer;

    @AfterEach
    void cleanUp() {
        proxy.restore();
        world.closeAll();
    }

    private UUID session(Home home) {
        return world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
    }

    @Test
    void shouldCloseAtOnceAndHandTheRevokeToTheJobWhileAnotherHoldsTheOnlySlot() {
        Home busyHome = world.home(List.of("diag.read"), 600);
        UUID busy = session(busyHome);
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = session(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        proxy.addLatency(AUDIT_LATENCY);

        // Given a revoke whose C1 commit is in flight (~1 s) and holds the only admission slot
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.queueDepth() == 0);
        String busyResident = world.residentToken(busyHome);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> given().auth().oauth2(busyResident)
                .post("/api/v1/sessions/{id}/revoke", busy).then().extract().statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.queueDepth() > 0);

        // When the resident of the live session revokes it
        Response answer = given().auth().oauth2(world.residentToken(home))
                .post("/api/v1/sessions/{id}/revoke", sid).then().extract().response();

        // Then the socket closed with 4002, the call was accepted as pending, and the job made it durable
        assertThat(technician.awaitClose()).isEqualTo(4002);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(202);
        assertThat(answer.jsonPath().getString("code")).isEqualTo("revocation_pending");
        assertThat(first.join()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "revoked".equals(world.sessionState(sid)));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                world.count("SELECT count(*) FROM revocation_intents WHERE session_id = $1", sid) == 0);
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'session.revoked'",
                sid)).isEqualTo(1);
        assertThat(world.sessionState(busy)).isEqualTo("revoked");
        assertThat(home.hub().agent().receivedCommands()).isEmpty();
    }
}
