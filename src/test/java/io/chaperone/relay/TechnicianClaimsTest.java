package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.chaperone.relay.RelayWorld.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One technician connection per session across nodes (ADR 0019). Another node is modelled by what it leaves in
 * PostgreSQL, its claim row: nodes share nothing else for this rule, so the row is the whole of the other node here.
 * The two-process race is {@code TechnicianClaimsIT}.
 */
@QuarkusTest
class TechnicianClaimsTest {

    private static final String OTHER_NODE = "node-b";

    @Inject
    RelayWorld world;
    @Inject
    Pool pool;
    @Inject
    TechnicianClaims claims;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private UUID session(Home home) {
        return world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10));
    }

    private int refusal(UUID sid, String ticket) {
        try {
            world.open("/ws/sessions/" + sid, Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket));
        } catch (WsClient.Refused refused) {
            return refused.status();
        }
        throw new AssertionError("the upgrade was accepted");
    }

    private long claimsOf(UUID sid) {
        return world.count("SELECT count(*) FROM technician_claims WHERE session_id = $1", sid);
    }

    @Test
    void shouldRefuseAConnectionWhileAnotherNodeHoldsTheSessionWithoutSpendingTheTicket() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = session(home);
        UUID foreign = UUID.randomUUID();
        sql("INSERT INTO technician_claims VALUES ($1, $2, $3, now() + interval '1 minute')", sid, foreign, OTHER_NODE);
        String ticket = world.connectTicket(home, sid);

        assertThat(refusal(sid, ticket)).isEqualTo(409);

        assertThat(world.count("SELECT count(*) FROM technician_claims WHERE session_id = $1 AND claim_id = $2",
                sid, foreign)).isEqualTo(1);
        assertThat(world.sessionState(sid)).isEqualTo("approved");
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'ticket.used'", sid))
                .isZero();
        assertThat(world.count("SELECT count(*) FROM connect_tickets WHERE session_id = $1 AND used_at IS NOT NULL", sid))
                .isZero();
        sql("UPDATE technician_claims SET lease_until = now() - interval '1 millisecond' WHERE session_id = $1", sid);
        WsClient technician = world.open("/ws/sessions/" + sid, Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket));
        assertThat(technician.await(f -> "session".equals(f.getString("type"))).getString("state")).isEqualTo("active");
    }

    @Test
    void shouldTakeOverTheClaimOfADeadNodeOnceItsLeaseLapsed() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = session(home);
        UUID foreign = UUID.randomUUID();
        // the other node died: its claim was last renewed so that the lease ran out a millisecond ago
        sql("INSERT INTO technician_claims VALUES ($1, $2, $3, now() - interval '1 millisecond')", sid, foreign, OTHER_NODE);

        WsClient technician = world.technician(home, sid);

        assertThat(technician.await(f -> "session".equals(f.getString("type"))).getString("state")).isEqualTo("active");
        assertThat(world.count("SELECT count(*) FROM technician_claims WHERE session_id = $1 AND claim_id <> $2 "
                + "AND node_id <> $3 AND lease_until > now()", sid, foreign, OTHER_NODE)).isEqualTo(1);
    }

    @Test
    void shouldReleaseTheClaimWhenTheTechnicianLeavesSoThatAReconnectSucceeds() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = session(home);
        WsClient first = world.technician(home, sid);
        first.await(f -> "session".equals(f.getString("type")));
        assertThat(claimsOf(sid)).isEqualTo(1);

        first.close();

        await().atMost(Duration.ofSeconds(20)).until(() -> claimsOf(sid) == 0 && "approved".equals(world.sessionState(sid)));
        WsClient second = world.technician(home, sid);
        assertThat(second.await(f -> "session".equals(f.getString("type"))).getString("state")).isEqualTo("active");
    }

    @Test
    void shouldReleaseTheClaimOfARefusedUpgrade() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = session(home);

        assertThat(refusal(sid, "eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0.")).isEqualTo(401);

        await().atMost(Duration.ofSeconds(10)).until(() -> claimsOf(sid) == 0);
        assertThat(claims.heldCount()).isZero();
    }

    @Test
    void shouldRenewTheHeldClaimsOfTheNode() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = session(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        sql("UPDATE technician_claims SET lease_until = now() + interval '1 second' WHERE session_id = $1", sid);

        claims.renew();

        await().atMost(Duration.ofSeconds(10)).until(() -> world.count("SELECT count(*) FROM technician_claims "
                + "WHERE session_id = $1 AND lease_until > now() + interval '10 seconds'", sid) == 1);
        assertThat(technician.isOpen()).isTrue();
    }

    @Test
    void shouldCloseTheConnectionWhoseLapsedClaimAnotherNodeTookOver() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = session(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        // this node was cut off past its lease and another node's connection claimed the session
        sql("UPDATE technician_claims SET claim_id = $2, node_id = $3 WHERE session_id = $1", sid, UUID.randomUUID(), OTHER_NODE);

        claims.renew();

        assertThat(technician.awaitClose()).isEqualTo(4008);
        assertThat(world.count("SELECT count(*) FROM technician_claims WHERE session_id = $1 AND node_id = $2",
                sid, OTHER_NODE)).isEqualTo(1);
    }
}
