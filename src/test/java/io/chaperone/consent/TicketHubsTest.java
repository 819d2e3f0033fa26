package io.chaperone.consent;

import io.chaperone.support.DirectoryFixture;
import io.chaperone.support.DirectoryFixture.ProviderRef;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code GET /api/v1/tickets/{id}/hubs}: what a technician may pick from for a session request (web terminal). */
@QuarkusTest
class TicketHubsTest {

    @Inject
    DirectoryFixture fixture;
    @Inject
    Tokens tokens;

    @Test
    void shouldShowTheTicketsHomeHubsWithDeviceIdKindAndStatusOnlyToTheProvidersTechnician() {
        // Given
        String resident = fixture.resident();
        ProviderRef provider = fixture.provider();
        UUID home = fixture.home(resident);
        UUID hub = fixture.hub(resident, home).id();
        fixture.rows("INSERT INTO devices (hub_id, device_id, kind, model, firmware, status, updated_at) VALUES "
                + "($1, 'thermostat-1', 'thermostat', 'T-1000', '2.1.0', 'ok', now()), "
                + "($1, 'light-1', 'light', 'L-7', '1.0.3', 'offline', now())", hub);
        UUID ticket = fixture.ticket(resident, home, provider.id());

        // When
        var response = given().auth().oauth2(fixture.technicianOf(provider)).when().get("/api/v1/tickets/{id}/hubs", ticket);

        // Then: the devices sorted by id, no model or firmware (those stay with the resident)
        response.then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].id", equalTo(hub.toString()))
                .body("[0].online", equalTo(false))
                .body("[0].quarantined", equalTo(false))
                .body("[0].devices.id", contains("light-1", "thermostat-1"))
                .body("[0].devices.kind", contains("light", "thermostat"))
                .body("[0].devices.status", contains("offline", "ok"));
        assertEquals(List.of("id", "kind", "status"),
                List.copyOf(response.jsonPath().<Map<String, Object>>getList("[0].devices").getFirst().keySet()));
        assertEquals(List.of("id", "name", "online", "quarantined", "devices"),
                List.copyOf(response.jsonPath().<Map<String, Object>>getList("").getFirst().keySet()));
    }

    @Test
    void shouldAnswerAnEmptyListForAHomeWithoutHubs() {
        String resident = fixture.resident();
        ProviderRef provider = fixture.provider();
        UUID ticket = fixture.ticket(resident, fixture.home(resident), provider.id());

        given().auth().oauth2(fixture.technicianOf(provider)).when().get("/api/v1/tickets/{id}/hubs", ticket)
                .then().statusCode(200).body("", empty());
    }

    @Test
    void shouldAnswerNotFoundToOtherProvidersOtherResidentsAndUnknownTicketsAndRefuseOps() {
        String resident = fixture.resident();
        ProviderRef provider = fixture.provider();
        UUID home = fixture.home(resident);
        fixture.hub(resident, home);
        UUID ticket = fixture.ticket(resident, home, provider.id());

        for (String stranger : List.of(fixture.technicianOf(fixture.provider()), fixture.resident())) {
            for (UUID id : List.of(ticket, UUID.randomUUID())) {
                given().auth().oauth2(stranger).when().get("/api/v1/tickets/{id}/hubs", id)
                        .then().statusCode(404).contentType("application/problem+json")
                        .body("code", equalTo("not_found")).body("detail", equalTo("ticket not found"));
            }
        }
        given().auth().oauth2(tokens.ops(Tokens.unique("olivia"))).when().get("/api/v1/tickets/{id}/hubs", ticket)
                .then().statusCode(403).body("code", equalTo("role_required"));
        given().when().get("/api/v1/tickets/{id}/hubs", ticket).then().statusCode(401);
    }
}
