package io.chaperone.relay;

import io.chaperone.audit.AuditPoolFaultProfile;
import io.chaperone.audit.AuditWriter;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.TcpFaultProxy;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Revocations racing the technician's upgrade and activation, with ~1 s of latency on the audit pool only (so every
 * C1 commit is slow while requests and the relay still reach the database): nothing passes after a closing change,
 * whichever order its commit and the live session's registration take (docs/adr/0007).
 */
@QuarkusTest
@TestProfile(AuditPoolFaultProfile.class)
class RevocationRaceTest {

    private static final Duration AUDIT_LATENCY = Duration.ofSeconds(1);

    TcpFaultProxy proxy;
    @Inject
    RelayWorld world;
    @Inject
    AuditWriter writer;
    @Inject
    LiveRegistry registry;
    @Inject
    Pool pool;

    @AfterEach
    void cleanUp() {
        proxy.restore();
        world.closeAll();
    }

    private UUID session(Home home) {
        return world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
    }

    private static Map<String, String> upgradeHeaders(String ticket) {
        return Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket);
    }

    /** As after a restart or an audit outage: the session is {@code active} and has no socket. */
    private void activeWithoutSocket(UUID sid) {
        pool.preparedQuery("UPDATE support_sessions SET state = 'active' WHERE id = $1").execute(Tuple.of(sid))
                .await().atMost(Duration.ofSeconds(10));
    }

    private CompletableFuture<Integer> residentPosts(Home home, UUID sid, String action) {
        String token = world.residentToken(home);
        return CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                .post("/api/v1/sessions/{id}/" + action, sid).then().extract().statusCode());
    }

    /**
     * Starts {@code change} and returns once its C1 record is with the audit writer (nothing else writes meanwhile):
     * its batch is in flight for a round trip of ~1 s, so whatever is enqueued from now on commits after it.
     */
    private CompletableFuture<Integer> inFlightAtTheAudit(Supplier<CompletableFuture<Integer>> change) {
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.queueDepth() == 0);
        CompletableFuture<Integer> answer = change.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.queueDepth() > 0);
        assertThat(answer).isNotDone();
        return answer;
    }

    private record Raced(Home home, UUID sid, String ticket) {
    }

    /** An active session without a socket, a ticket for it, and ~1 s of audit latency from now on. */
    private Raced activeSessionWithSlowAudit() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = session(home);
        activeWithoutSocket(sid);
        String ticket = world.connectTicket(home, sid);
        proxy.addLatency(AUDIT_LATENCY);
        return new Raced(home, sid, ticket);
    }

    @Test
    void shouldCloseTheSocketWhenASuspendCommitsBetweenTheAdmissionReadAndTheRegistration() {
        Raced raced = activeSessionWithSlowAudit();
        UUID sid = raced.sid();

        CompletableFuture<Integer> suspended = inFlightAtTheAudit(
                () -> residentPosts(raced.home(), sid, "suspend"));
        WsClient technician = world.open("/ws/sessions/" + sid, upgradeHeaders(raced.ticket()));
        technician.sendCommand("c-1", "thermostat-1", "diag.read");

        assertThat(technician.awaitClose()).isEqualTo(4004);
        assertThat(suspended.join()).isEqualTo(200);
        assertThat(world.sessionState(sid)).isEqualTo("suspended");
        assertThat(technician.frames("denied")).allSatisfy(d -> assertThat(d.getString("code")).isEqualTo("session_not_active"));
        assertThat(raced.home().hub().agent().receivedCommands()).isEmpty();
        assertThat(world.auditRows(sid, "command", "c-1")).isZero();
    }

    @Test
    void shouldRefuseTheUpgradeWhenARevokeRacesIt() {
        Raced raced = activeSessionWithSlowAudit();
        UUID sid = raced.sid();

        CompletableFuture<Integer> revoked = inFlightAtTheAudit(
                () -> residentPosts(raced.home(), sid, "revoke"));

        // The revocation intent, recorded before the revoke's own C1 commit, already refuses the upgrade.
        assertThat(refusal(sid, raced.ticket())).isEqualTo(409);
        assertThat(revoked.join()).isEqualTo(200);
        assertThat(world.sessionState(sid)).isEqualTo("revoked");
        assertThat(raced.home().hub().agent().receivedCommands()).isEmpty();
    }

    @Test
    void shouldJudgeNoCommandBeforeActivationAndAttestationCompleted() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = session(home);
        String ticket = world.connectTicket(home, sid);
        proxy.addLatency(AUDIT_LATENCY);

        WsClient technician = world.open("/ws/sessions/" + sid, upgradeHeaders(ticket));
        technician.sendCommand("early", "thermostat-1", "diag.read");

        assertThat(technician.awaitReply("denied", "early").getString("code")).isEqualTo("session_not_active");
        technician.await(f -> "session".equals(f.getString("type")));
        technician.sendCommand("c-1", "thermostat-1", "diag.read");
        technician.awaitReply("result", "c-1");
        assertThat(home.hub().agent().receivedCommands()).extracting(c -> c.getString("id")).containsExactly("c-1");
        assertThat(world.auditRows(sid, "command", "early")).isZero();
    }

    @Test
    void shouldNeverRefuseARevokeThatRacesTheActivation() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = session(home);
        String ticket = world.connectTicket(home, sid);
        proxy.addLatency(AUDIT_LATENCY);
        CompletableFuture<WsClient> technician = CompletableFuture.supplyAsync(
                () -> world.open("/ws/sessions/" + sid, upgradeHeaders(ticket)));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.hasSession(sid));

        int status = residentPosts(home, sid, "revoke").join();

        assertThat(status).isEqualTo(200);
        assertThat(world.sessionState(sid)).isEqualTo("revoked");
        assertThat(technician.join().awaitClose()).isEqualTo(4002);
        await().atMost(Duration.ofSeconds(10)).until(() -> !registry.hasSession(sid));
    }

    @Test
    void shouldKeepAnAcceptedRevokeInForceUntilItIsRecorded() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = session(home);
        String earlierTicket = world.connectTicket(home, sid);
        proxy.blackhole();

        CompletableFuture<io.restassured.response.Response> revoke = CompletableFuture.supplyAsync(() -> given()
                .auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/revoke", sid));
        await().atMost(Duration.ofSeconds(5)).until(() -> intents(sid) == 1);
        // While its C1 commit hangs, the accepted revocation already forbids a ticket and an upgrade.
        given().auth().oauth2(world.technicianToken(home)).post("/api/v1/sessions/{id}/tickets", sid).then()
                .statusCode(409).body("code", equalTo("session_not_connectable"));
        assertThat(refusal(sid, earlierTicket)).isEqualTo(409);

        revoke.join().then().statusCode(202).body("code", equalTo("revocation_pending"))
                .body("revocationPending", equalTo(true)).body("sessionId", equalTo(sid.toString()));
        assertThat(world.sessionState(sid)).isEqualTo("approved");
        proxy.restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> "revoked".equals(world.sessionState(sid)));
        await().atMost(Duration.ofSeconds(10)).until(() -> intents(sid) == 0);
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'session.revoked'", sid))
                .isPositive();
    }

    private long intents(UUID sid) {
        return world.count("SELECT count(*) FROM revocation_intents WHERE session_id = $1", sid);
    }

    private int refusal(UUID sid, String ticket) {
        try {
            world.open("/ws/sessions/" + sid, upgradeHeaders(ticket));
        } catch (WsClient.Refused refused) {
            return refused.status();
        }
        throw new AssertionError("the upgrade was accepted");
    }
}
