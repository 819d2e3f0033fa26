package io.chaperone.consent;

import io.chaperone.support.DirectoryFixture;
import io.chaperone.support.DirectoryFixture.ProviderRef;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Opening, seeing and listing support tickets; transitions are in {@link SupportTicketTransitionTest}. */
@QuarkusTest
class SupportTicketResourceTest {

    @Inject
    DirectoryFixture fixture;
    @Inject
    Tokens tokens;

    @Test
    void shouldOpenATicketForTheResidentsHome() {
        // Given
        String resident = fixture.resident();
        UUID home = fixture.home(resident);
        ProviderRef provider = fixture.provider();

        // When
        Response response = open(resident, ticket(home, provider.id()));

        // Then
        response.then().statusCode(201)
                .body("homeId", equalTo(home.toString()))
                .body("providerId", equalTo(provider.id().toString()))
                .body("category", equalTo("device"))
                .body("summary", equalTo("The thermostat shows 35 °C"))
                .body("state", equalTo("open"))
                .body("createdAt", notNullValue())
                .body("updatedAt", equalTo(response.path("createdAt")))
                .header("Location", endsWith("/api/v1/tickets/" + response.path("id")));
        var row = fixture.rows("SELECT t.state, t.opened_by = r.subject AS by_resident FROM support_tickets t "
                + "JOIN homes h ON h.id = t.home_id JOIN residents r ON r.id = h.resident_id WHERE t.id = $1",
                UUID.fromString(response.path("id"))).getFirst();
        assertEquals("open", row.getString("state"));
        assertEquals(true, row.getBoolean("by_resident"));
    }

    @Test
    void shouldShowTheTicketToItsResidentAndToTechniciansOfItsProvider() {
        String resident = fixture.resident();
        ProviderRef provider = fixture.provider();
        UUID ticket = fixture.ticket(resident, fixture.home(resident), provider.id());

        for (String party : List.of(resident, fixture.technicianOf(provider))) {
            given().auth().oauth2(party).when().get("/api/v1/tickets/{id}", ticket)
                    .then().statusCode(200).body("id", equalTo(ticket.toString())).body("state", equalTo("open"));
        }
    }

    @Test
    void shouldAnswerNotFoundAlikeToEveryoneElse() {
        String resident = fixture.resident();
        ProviderRef provider = fixture.provider();
        UUID ticket = fixture.ticket(resident, fixture.home(resident), provider.id());
        String otherResident = fixture.resident();
        String otherProvidersTechnician = fixture.technicianOf(fixture.provider());

        for (String stranger : List.of(otherResident, otherProvidersTechnician)) {
            for (UUID id : List.of(ticket, UUID.randomUUID())) {
                given().auth().oauth2(stranger).when().get("/api/v1/tickets/{id}", id)
                        .then().statusCode(404).contentType("application/problem+json")
                        .body("code", equalTo("not_found")).body("detail", equalTo("ticket not found"));
                given().auth().oauth2(stranger).contentType(ContentType.JSON).body(Map.of("state", "closed"))
                        .when().post("/api/v1/tickets/{id}/state", id)
                        .then().statusCode(404).body("code", equalTo("not_found"));
            }
        }
        assertEquals("open", fixture.rows("SELECT state FROM support_tickets WHERE id = $1", ticket).getFirst().getString(0));
    }

    @Test
    void shouldRefuseTicketsToOperators() {
        String resident = fixture.resident();
        ProviderRef provider = fixture.provider();
        UUID home = fixture.home(resident);
        UUID ticket = fixture.ticket(resident, home, provider.id());
        String ops = tokens.ops(Tokens.unique("olivia"));

        given().auth().oauth2(ops).when().get("/api/v1/tickets/{id}", ticket)
                .then().statusCode(403).body("code", equalTo("role_required"));
        given().auth().oauth2(ops).when().get("/api/v1/tickets")
                .then().statusCode(403).body("code", equalTo("role_required"));
        open(ops, ticket(home, provider.id())).then().statusCode(403).body("code", equalTo("role_required"));
    }

    @Test
    void shouldRefuseTechniciansOpeningTickets() {
        String resident = fixture.resident();
        ProviderRef provider = fixture.provider();
        UUID home = fixture.home(resident);

        open(fixture.technicianOf(provider), ticket(home, provider.id()))
                .then().statusCode(403).body("code", equalTo("role_required"));

        assertEquals(0, ticketsOfHome(home));
    }

    @Test
    void shouldListOnlyTheResidentsOwnTicketsNewestFirst() {
        String resident = fixture.resident();
        ProviderRef provider = fixture.provider();
        UUID home = fixture.home(resident);
        UUID older = fixture.ticket(resident, home, provider.id());
        UUID newer = fixture.ticket(resident, fixture.home(resident), provider.id());
        String neighbour = fixture.resident();
        fixture.ticket(neighbour, fixture.home(neighbour), provider.id());

        given().auth().oauth2(resident).when().get("/api/v1/tickets")
                .then().statusCode(200).body("id", contains(newer.toString(), older.toString()));
    }

    @Test
    void shouldListOnlyTheTicketsOfTheTechniciansProvider() {
        ProviderRef acme = fixture.provider();
        ProviderRef other = fixture.provider();
        String resident = fixture.resident();
        UUID home = fixture.home(resident);
        UUID forAcme = fixture.ticket(resident, home, acme.id());
        fixture.ticket(resident, home, other.id());

        given().auth().oauth2(fixture.technicianOf(acme)).when().get("/api/v1/tickets")
                .then().statusCode(200).body("id", contains(forAcme.toString()));
    }

    @Test
    void shouldAnswerNotFoundForAForeignHomeOrAnUnknownProvider() {
        String resident = fixture.resident();
        String neighbour = fixture.resident();
        UUID neighboursHome = fixture.home(neighbour);
        ProviderRef provider = fixture.provider();
        UUID ownHome = fixture.home(resident);

        open(resident, ticket(neighboursHome, provider.id()))
                .then().statusCode(404).body("code", equalTo("not_found")).body("detail", equalTo("home not found"));
        open(resident, ticket(ownHome, UUID.randomUUID()))
                .then().statusCode(404).body("code", equalTo("not_found")).body("detail", equalTo("provider not found"));

        assertEquals(0, ticketsOfHome(neighboursHome) + ticketsOfHome(ownHome));
    }

    @Test
    void shouldAcceptEveryDocumentedCategoryAndRefuseOthers() {
        String resident = fixture.resident();
        UUID home = fixture.home(resident);
        ProviderRef provider = fixture.provider();

        for (String category : List.of("connectivity", "device", "security", "update", "other")) {
            open(resident, with(home, provider, "category", category)).then().statusCode(201).body("category", equalTo(category));
        }
        open(resident, with(home, provider, "category", "Device")).then().statusCode(400).body("code", equalTo("invalid_body"));
        open(resident, with(home, provider, "category", "plumbing")).then().statusCode(400).body("code", equalTo("invalid_body"));

        assertEquals(5, ticketsOfHome(home));
    }

    @Test
    void shouldAcceptASummaryOf2000CharactersAndRefuse2001OrBlank() {
        String resident = fixture.resident();
        UUID home = fixture.home(resident);
        ProviderRef provider = fixture.provider();

        open(resident, with(home, provider, "summary", "s".repeat(2000))).then().statusCode(201);
        open(resident, with(home, provider, "summary", "s".repeat(2001))).then().statusCode(400).body("code", equalTo("invalid_body"));
        open(resident, with(home, provider, "summary", " ")).then().statusCode(400).body("code", equalTo("invalid_body"));

        assertEquals(1, ticketsOfHome(home));
    }

    @Test
    void shouldRefuseAHomeIdThatIsNoUuidAndAnUnknownField() {
        String resident = fixture.resident();
        UUID home = fixture.home(resident);
        ProviderRef provider = fixture.provider();

        open(resident, with(home, provider, "homeId", "kitchen")).then().statusCode(400).body("code", equalTo("malformed_body"));
        open(resident, with(home, provider, "state", "resolved")).then().statusCode(400).body("code", equalTo("unknown_field"));

        assertEquals(0, ticketsOfHome(home));
    }

    private long ticketsOfHome(UUID home) {
        return fixture.count("SELECT count(*) FROM support_tickets WHERE home_id = $1", home);
    }

    private static Map<String, Object> with(UUID home, ProviderRef provider, String field, Object value) {
        Map<String, Object> body = ticket(home, provider.id());
        body.put(field, value);
        return body;
    }

    private static Map<String, Object> ticket(UUID home, UUID provider) {
        Map<String, Object> body = new HashMap<>();
        body.put("homeId", home);
        body.put("providerId", provider);
        body.put("category", "device");
        body.put("summary", "The thermostat shows 35 °C");
        return body;
    }

    private static Response open(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/v1/tickets");
    }
}
