package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.MutableClock;
import io.chaperone.support.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.chaperone.relay.RelayWorld.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Attacks on the technician's upgrade and frames: tickets, Origin, second connections, bad frames, floods. */
@QuarkusTest
class TechnicianUpgradeTest {

    @Inject
    RelayWorld world;
    @Inject
    MutableClock clock;
    @Inject
    MeterRegistry meters;

    /** How many fresh per-source minutes the refusal tests have pinned; each pins further ahead, in any order. */
    private static int refusalWindows;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private Home home(int expectedRate) {
        return world.home(List.of("diag.read"), expectedRate);
    }

    private UUID session(Home home) {
        return world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
    }

    private static Map<String, String> headers(String origin, String ticket) {
        return origin == null ? Map.of("Authorization", "Bearer " + ticket)
                : Map.of("Origin", origin, "Authorization", "Bearer " + ticket);
    }

    private int refusal(UUID sid, Map<String, String> headers) {
        try {
            world.open("/ws/sessions/" + sid, headers);
        } catch (WsClient.Refused refused) {
            return refused.status();
        }
        throw new AssertionError("the upgrade was accepted");
    }

    @Test
    void shouldRefuseAReplayedTicket() {
        Home home = home(600);
        UUID sid = session(home);
        String ticket = world.connectTicket(home, sid);
        WsClient first = world.open("/ws/sessions/" + sid, headers(ORIGIN, ticket));
        first.await(f -> "session".equals(f.getString("type")));
        first.close();
        org.awaitility.Awaitility.await().until(() -> "approved".equals(world.sessionState(sid)));

        assertThat(refusal(sid, headers(ORIGIN, ticket))).isEqualTo(401);
    }

    @Test
    void shouldRefuseForeignMissingAndNullOriginsWithoutSpendingTheTicket() {
        Home home = home(600);
        UUID sid = session(home);
        String ticket = world.connectTicket(home, sid);

        assertThat(refusal(sid, headers("https://evil.example", ticket))).isEqualTo(403);
        assertThat(refusal(sid, headers("http://localhost:8080.evil.example", ticket))).isEqualTo(403);
        assertThat(refusal(sid, headers("null", ticket))).isEqualTo(403);
        assertThat(refusal(sid, headers(null, ticket))).isEqualTo(403);

        WsClient technician = world.open("/ws/sessions/" + sid, headers(ORIGIN, ticket));
        assertThat(technician.await(f -> "session".equals(f.getString("type"))).getString("state")).isEqualTo("active");
    }

    @Test
    void shouldRefuseATicketPresentedForAnotherSession() {
        Home home = home(600);
        UUID mine = session(home);
        UUID other = session(home);
        String ticket = world.connectTicket(home, mine);

        assertThat(refusal(other, headers(ORIGIN, ticket))).isEqualTo(401);
        assertThat(world.sessionState(other)).isEqualTo("approved");
    }

    @Test
    void shouldRefuseAnUpgradeWithoutTicketOrWithAForgedOne() {
        Home home = home(600);
        UUID sid = session(home);

        assertThat(refusal(sid, Map.of("Origin", ORIGIN))).isEqualTo(401);
        assertThat(refusal(sid, headers(ORIGIN, "eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0."))).isEqualTo(401);
        assertThat(refusal(sid, headers(ORIGIN, world.technicianToken(home)))).isEqualTo(401);
    }

    @Test
    void shouldRefuseASecondConnectionToALiveSession() {
        Home home = home(600);
        UUID sid = session(home);
        WsClient first = world.technician(home, sid);
        first.await(f -> "session".equals(f.getString("type")));

        assertThat(refusal(sid, headers(ORIGIN, world.connectTicket(home, sid)))).isEqualTo(409);
        assertThat(first.isOpen()).isTrue();
    }

    @Test
    void shouldAcceptTheTicketFromABrowserSubprotocol() {
        Home home = home(600);
        UUID sid = session(home);
        String carrier = URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + world.connectTicket(home, sid),
                StandardCharsets.UTF_8).replace("+", "%20");

        WsClient browser = world.open("/ws/sessions/" + sid, Map.of("Origin", ORIGIN,
                "Sec-WebSocket-Protocol", "bearer-token-carrier, " + carrier));

        assertThat(browser.await(f -> "session".equals(f.getString("type"))).getString("sid")).isEqualTo(sid.toString());
    }

    @Test
    void shouldCloseWith1009OnAnOversizedMessage() {
        Home home = home(600);
        UUID sid = session(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        technician.send("{\"type\":\"cmd\",\"id\":\"big\",\"device\":\"thermostat-1\",\"op\":\"diag.read\",\"args\":{\"x\":\""
                + "a".repeat(70 * 1024) + "\"}}");

        assertThat(technician.awaitClose()).isEqualTo(1009);
        assertThat(home.hub().agent().receivedCommands()).isEmpty();
    }

    @Test
    void shouldAnswerMalformedFramesAndCloseAPersistentAbuserWith1008() {
        Home home = home(600);
        UUID sid = session(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        technician.send("not json");
        JsonObject error = technician.await(f -> "error".equals(f.getString("type")));
        assertThat(error.getString("code")).isEqualTo("malformed_frame");
        technician.send(new JsonObject().put("type", "result").put("id", "x"));
        technician.await(f -> "unknown_type".equals(f.getString("code")));
        technician.send(new JsonObject().put("type", "cmd").put("id", "c-9").put("device", 7).put("op", "diag.read"));
        technician.await(f -> "invalid_field".equals(f.getString("code")) && "c-9".equals(f.getString("id")));
        for (int i = 0; i < 8; i++) {
            technician.send("[]");
        }

        // Ten invalid frames a minute are answered; the eleventh is answered and closes the socket.
        assertThat(technician.awaitClose()).isEqualTo(1008);
        assertThat(technician.frames("error")).hasSize(11);
        assertThat(home.hub().agent().receivedCommands()).isEmpty();
    }

    @Test
    void shouldRateLimitAFloodOfValidCommandsAndCloseItAsAbuse() {
        Home home = home(6); // 12 per minute, burst 5
        UUID sid = session(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        for (int i = 0; i < 16; i++) {
            technician.sendCommand("c-" + i, "thermostat-1", "diag.read");
        }

        // Five pass the policy; the denials count towards the abuse limit (ten a minute): the eleventh closes with
        // 1008, which may shut the session before the five audit commits are back (then they are never forwarded).
        assertThat(technician.awaitClose()).isEqualTo(1008);
        assertThat(technician.frames("denied")).filteredOn(d -> "rate_limited".equals(d.getString("code"))).hasSize(11);
        assertThat(home.hub().agent().receivedCommands().size()).isLessThanOrEqualTo(5);
    }

    @Test
    void shouldRefuseASecondFrameWithTheSameIdWhileTheFirstIsStillBeingAudited() {
        Home home = home(600);
        UUID sid = session(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        technician.sendCommand("twice", "thermostat-1", "diag.read");
        technician.sendCommand("twice", "thermostat-1", "diag.read");

        technician.awaitReply("result", "twice");
        assertThat(technician.awaitReply("error", "twice").getString("code")).isEqualTo("duplicate_id");
        assertThat(home.hub().agent().receivedCommands()).extracting(c -> c.getString("id")).containsExactly("twice");
        assertThat(world.auditRows(sid, "command", "twice")).isEqualTo(1);
    }

    @Test
    void shouldSpendNoRateTokenOnACommandTheRelayRefuses() {
        Home home = world.home(List.of("diag.read", "firmware.update"), 6); // burst 5
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"),
                List.of("diag.read", "firmware.update"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        for (int i = 0; i < 5; i++) {
            technician.send(new JsonObject().put("type", "cmd").put("id", "unsigned-" + i).put("device", "thermostat-1")
                    .put("op", "firmware.update").put("args", new JsonObject()));
        }
        technician.sendCommand("c-1", "thermostat-1", "diag.read");

        technician.awaitReply("result", "c-1");
        assertThat(technician.frames("denied")).hasSize(5)
                .allSatisfy(d -> assertThat(d.getString("code")).isEqualTo("update_unsigned"));
        assertThat(home.hub().agent().receivedCommands()).extracting(c -> c.getString("id")).containsExactly("c-1");
    }

    @Test
    void shouldAuditRefusedUpgradesWithTheirReasonAndOnlyCountThemBeyondThePerSourceBound() {
        pinAFreshRefusalMinute();
        try {
            UUID sid = UUID.randomUUID();
            double unauditedBefore = unaudited();

            assertThat(refusal(sid, headers(null, "x"))).isEqualTo(403);
            assertThat(refusal(sid, Map.of("Origin", ORIGIN))).isEqualTo(401);
            assertThat(refusal(sid, headers(ORIGIN, "eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0."))).isEqualTo(401);
            for (int i = 0; i < UpgradeRefusals.PER_SOURCE - 1; i++) {
                assertThat(refusal(sid, headers(null, "x"))).isEqualTo(403);
            }

            org.awaitility.Awaitility.await().until(() -> refusedRows(sid, "%") == UpgradeRefusals.PER_SOURCE);
            assertThat(refusedRows(sid, "refused:origin_refused")).isEqualTo(UpgradeRefusals.PER_SOURCE - 2);
            assertThat(refusedRows(sid, "refused:ticket_missing")).isEqualTo(1);
            assertThat(refusedRows(sid, "refused:ticket_invalid")).isEqualTo(1);
            assertThat(unaudited() - unauditedBefore).isEqualTo(2.0);
        } finally {
            clock.reset();
        }
    }

    @Test
    void shouldAuditAForeignAMissingAndANullOriginOnceEachAndStillRefuseThemWith403() {
        pinAFreshRefusalMinute();
        try {
            UUID sid = UUID.randomUUID();
            double unauditedBefore = unaudited();

            assertThat(refusal(sid, headers("https://evil.example", "x"))).isEqualTo(403);   // answered by CORS
            assertThat(refusal(sid, headers(null, "x"))).isEqualTo(403);                     // by the upgrade check
            assertThat(refusal(sid, headers("null", "x"))).isEqualTo(403);

            org.awaitility.Awaitility.await().untilAsserted(
                    () -> assertThat(refusedRows(sid, "refused:origin_refused")).isEqualTo(3));
            assertThat(refusedRows(sid, "%")).isEqualTo(3);
            assertThat(unaudited()).isEqualTo(unauditedBefore);
        } finally {
            clock.reset();
        }
    }

    private void pinAFreshRefusalMinute() {
        clock.pin(Instant.now().plus(Duration.ofMinutes(2L * ++refusalWindows)));
    }

    private long refusedRows(UUID sid, String outcome) {
        return world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'upgrade.refused'"
                + " AND correlation_id = $2 AND outcome LIKE $3", UpgradeRefusals.GATEWAY_CHAIN, sid.toString(), outcome);
    }

    private double unaudited() {
        return meters.counter("chaperone.upgrades.refused.unaudited").count();
    }
}
