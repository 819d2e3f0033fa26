package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every close of a live session leaves exactly one {@code session.closed} row saying why. */
@QuarkusTest
class SessionClosedAuditTest {

    @Inject
    RelayWorld world;
    @Inject
    Pool pool;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    record Closed(String actor, String outcome) {
    }

    @Test
    void shouldRecordARevocationAsRevokedWith4002() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = live(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/revoke", sid).then().statusCode(200);

        assertThat(technician.awaitClose()).isEqualTo(4002);
        await().atMost(Duration.ofSeconds(10)).until(() -> !closed(sid).isEmpty());
        assertThat(closed(sid)).containsExactly(new Closed("system", "revoked"));
    }

    @Test
    void shouldRecordSuspendAndEndByTheirCause() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = live(home);
        WsClient first = world.technician(home, sid);
        first.await(f -> "session".equals(f.getString("type")));
        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/suspend", sid).then().statusCode(200);
        assertThat(first.awaitClose()).isEqualTo(4004);
        await().atMost(Duration.ofSeconds(10)).until(() -> closed(sid).size() == 1);

        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/resume", sid).then().statusCode(200);
        WsClient second = world.technician(home, sid);
        second.await(f -> "session".equals(f.getString("type")));
        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/end", sid).then().statusCode(200);
        assertThat(second.awaitClose()).isEqualTo(4003);

        await().atMost(Duration.ofSeconds(10)).until(() -> closed(sid).size() == 2);
        assertThat(closed(sid)).containsExactly(new Closed("system", "suspended"), new Closed("system", "ended"));
    }

    @Test
    void shouldRecordATechnicianWhoLeftAsTheActor() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = live(home);
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        technician.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> !closed(sid).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> "approved".equals(world.sessionState(sid)));
        assertThat(closed(sid)).containsExactly(new Closed(home.technician(), "technician_left"));
    }

    private UUID live(Home home) {
        return world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
    }

    private List<Closed> closed(UUID sid) {
        List<Closed> rows = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT actor, outcome FROM audit_events WHERE chain_id = $1 AND kind = 'session.closed' "
                + "ORDER BY seq").execute(Tuple.of(sid)).await().atMost(Duration.ofSeconds(10))) {
            rows.add(new Closed(row.getString(0), row.getString(1)));
        }
        return rows;
    }
}
