package io.chaperone.consent;

import io.chaperone.support.DirectoryFixture;
import io.chaperone.support.DirectoryFixture.ProviderRef;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every (from, to, role) combination of the support-ticket state machine, over REST. */
@QuarkusTest
class SupportTicketTransitionTest {

    /** The only moves there are: technicians work a ticket forward, residents close it. */
    private static final Set<String> ALLOWED = Set.of(
            "open>in_progress by technician",
            "in_progress>resolved by technician",
            "resolved>closed by resident",
            "open>closed by resident",
            "in_progress>closed by resident");

    @Inject
    DirectoryFixture fixture;

    static List<Arguments> everyMove() {
        List<Arguments> moves = new ArrayList<>();
        for (TicketState from : TicketState.values()) {
            for (TicketState to : TicketState.values()) {
                for (String actor : List.of("resident", "technician")) {
                    moves.add(Arguments.of(from.name(), to.name(), actor));
                }
            }
        }
        return moves;
    }

    @ParameterizedTest(name = "{0} -> {1} by {2}")
    @MethodSource("everyMove")
    void shouldAllowExactlyTheDocumentedMoves(String from, String to, String actor) {
        // Given a ticket in state `from`
        String resident = fixture.resident();
        ProviderRef provider = fixture.provider();
        String technician = fixture.technicianOf(provider);
        UUID ticket = fixture.ticket(resident, fixture.home(resident), provider.id());
        driveTo(ticket, from, resident, technician);

        // When
        Response response = move(actor.equals("resident") ? resident : technician, ticket, to);

        // Then
        if (ALLOWED.contains(from + ">" + to + " by " + actor)) {
            response.then().statusCode(200).body("state", equalTo(to)).body("id", equalTo(ticket.toString()));
            assertEquals(to, storedState(ticket));
        } else {
            response.then().statusCode(409).contentType("application/problem+json")
                    .body("code", equalTo("invalid_ticket_transition"));
            assertEquals(from, storedState(ticket));
        }
    }

    @Test
    void shouldRefuseAnUnknownState() {
        String resident = fixture.resident();
        UUID ticket = fixture.ticket(resident, fixture.home(resident), fixture.provider().id());

        move(resident, ticket, "reopened").then().statusCode(400).body("code", equalTo("invalid_body"));
        move(resident, ticket, "CLOSED").then().statusCode(400).body("code", equalTo("invalid_body"));

        assertEquals("open", storedState(ticket));
    }

    @Test
    void shouldMoveTheUpdateTimeButNotTheCreationTime() {
        String resident = fixture.resident();
        ProviderRef provider = fixture.provider();
        UUID ticket = fixture.ticket(resident, fixture.home(resident), provider.id());
        var before = fixture.rows("SELECT created_at, updated_at FROM support_tickets WHERE id = $1", ticket).getFirst();

        move(fixture.technicianOf(provider), ticket, "in_progress").then().statusCode(200);

        var after = fixture.rows("SELECT created_at, updated_at FROM support_tickets WHERE id = $1", ticket).getFirst();
        assertEquals(before.getLocalDateTime("created_at"), after.getLocalDateTime("created_at"));
        assertEquals(true, after.getLocalDateTime("updated_at").isAfter(before.getLocalDateTime("updated_at")));
    }

    private void driveTo(UUID ticket, String state, String resident, String technician) {
        switch (TicketState.valueOf(state)) {
            case open -> { }
            case in_progress -> move(technician, ticket, "in_progress").then().statusCode(200);
            case resolved -> {
                move(technician, ticket, "in_progress").then().statusCode(200);
                move(technician, ticket, "resolved").then().statusCode(200);
            }
            case closed -> move(resident, ticket, "closed").then().statusCode(200);
        }
        assertEquals(state, storedState(ticket));
    }

    private String storedState(UUID ticket) {
        return fixture.rows("SELECT state FROM support_tickets WHERE id = $1", ticket).getFirst().getString("state");
    }

    private static Response move(String token, UUID ticket, String state) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("state", state))
                .when().post("/api/v1/tickets/{id}/state", ticket);
    }
}
