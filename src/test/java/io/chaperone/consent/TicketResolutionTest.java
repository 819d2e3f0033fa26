package io.chaperone.consent;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** A ticket lists its sessions; its resolution is recorded, audited, and moves it by who resolves. */
@QuarkusTest
class TicketResolutionTest {

    @Inject
    ConsentFixture fixture;
    @Inject
    Pool pool;

    @Test
    void shouldListTheTicketsSessionsWithTheReportOfEndedOnes() {
        var world = fixture.world();
        String ended = SessionApi.approved(fixture, world);
        SessionApi.post(fixture.residentToken(world), "/" + ended + "/end", null).statusCode(200);
        String open = SessionApi.requested(fixture, world, 30);

        given().auth().oauth2(fixture.residentToken(world)).get("/api/v1/tickets/{id}/sessions", world.ticketId())
                .then().statusCode(200)
                .body("id", contains(ended, open))
                .body("state", contains("ended", "requested"))
                .body("report", contains("/api/v1/sessions/" + ended + "/report", null));
        given().auth().oauth2(fixture.technicianToken(world)).get("/api/v1/tickets/{id}/sessions", world.ticketId())
                .then().statusCode(200).body("id", contains(ended, open));
        given().auth().oauth2(fixture.residentToken(fixture.world())).get("/api/v1/tickets/{id}/sessions", world.ticketId())
                .then().statusCode(404);
    }

    @Test
    void shouldCloseTheTicketWhenTheResidentResolvesItFromAnEndedSessionAndAuditIt() {
        var world = fixture.world();
        String sid = SessionApi.approved(fixture, world);
        SessionApi.post(fixture.residentToken(world), "/" + sid + "/end", null).statusCode(200);

        given().auth().oauth2(fixture.residentToken(world)).contentType("application/json")
                .body(Map.of("outcome", "fixed", "notes", "works again", "sessionId", sid))
                .post("/api/v1/tickets/{id}/resolve", world.ticketId()).then().statusCode(200)
                .body("state", equalTo("closed"))
                .body("resolution.outcome", equalTo("fixed"))
                .body("resolution.notes", equalTo("works again"))
                .body("resolution.resolvedBy", equalTo(world.residentSubject()))
                .body("resolution.sessionId", equalTo(sid));

        assertThat(rows(world.homeId(), world.ticketId())).containsExactly(
                "support_ticket.resolved|" + world.residentSubject() + "|fixed");
        given().auth().oauth2(fixture.residentToken(world)).get("/api/v1/tickets/{id}", world.ticketId()).then()
                .statusCode(200).body("resolution.outcome", equalTo("fixed"));
        given().auth().oauth2(fixture.residentToken(world)).contentType("application/json")
                .body(Map.of("outcome", "fixed")).post("/api/v1/tickets/{id}/resolve", world.ticketId())
                .then().statusCode(409).body("code", equalTo("ticket_closed"));
    }

    @Test
    void shouldMoveTheTicketToResolvedWhenTheTechnicianResolvesIt() {
        var world = fixture.world();

        given().auth().oauth2(fixture.technicianToken(world)).contentType("application/json")
                .body(Map.of("outcome", "workaround", "notes", "reset the schedule"))
                .post("/api/v1/tickets/{id}/resolve", world.ticketId()).then().statusCode(200)
                .body("state", equalTo("resolved"))
                .body("resolution.outcome", equalTo("workaround"))
                .body("resolution.sessionId", nullValue());

        assertThat(rows(world.homeId(), world.ticketId())).containsExactly(
                "support_ticket.resolved|" + world.technicianSubject() + "|workaround");
    }

    @Test
    void shouldRefuseAnUnknownOutcomeAndASessionThatHasNotEnded() {
        var world = fixture.world();
        String live = SessionApi.approved(fixture, world);

        given().auth().oauth2(fixture.residentToken(world)).contentType("application/json")
                .body(Map.of("outcome", "magic")).post("/api/v1/tickets/{id}/resolve", world.ticketId())
                .then().statusCode(400).body("code", equalTo("invalid_body"));
        given().auth().oauth2(fixture.residentToken(world)).contentType("application/json")
                .body(Map.of("outcome", "fixed", "sessionId", live)).post("/api/v1/tickets/{id}/resolve", world.ticketId())
                .then().statusCode(409).body("code", equalTo("session_not_ended"));
        given().auth().oauth2(fixture.residentToken(world)).contentType("application/json")
                .body(Map.of("outcome", "fixed", "sessionId", UUID.randomUUID().toString()))
                .post("/api/v1/tickets/{id}/resolve", world.ticketId()).then().statusCode(404);

        assertThat(rows(world.homeId(), world.ticketId())).isEmpty();
        assertThat(fixture.session(live).state).isEqualTo(SessionState.approved);
    }

    private List<String> rows(UUID homeId, UUID ticketId) {
        List<String> rows = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT kind, actor, outcome FROM audit_events WHERE chain_id = $1 "
                        + "AND correlation_id = $2 AND kind = 'support_ticket.resolved' ORDER BY seq")
                .execute(Tuple.of(homeId, ticketId.toString())).await().atMost(Duration.ofSeconds(10))) {
            rows.add(row.getString(0) + "|" + row.getString(1) + "|" + row.getString(2));
        }
        return rows;
    }
}
