package io.chaperone.consent;

import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.chaperone.consent.SessionApi.post;
import static io.chaperone.consent.SessionApi.requestBody;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code POST /api/v1/sessions}: what a technician may ask for. */
@QuarkusTest
class SessionRequestTest {

    @Inject
    ConsentFixture fixture;
    @Inject
    Tokens tokens;

    @Test
    void shouldRequestTheTemplateScopeOnAllowedDevicesByDefault() {
        // Given
        var world = fixture.world();

        // When
        var response = post(fixture.technicianToken(world), "", requestBody(world, 45)).statusCode(201)
                .body("state", equalTo("requested"))
                .body("requestedDurationMinutes", equalTo(45))
                .body("requestedScope.version", equalTo(0))
                .body("requestedScope.grants", hasSize(1))
                .body("requestedScope.grants[0].devices", containsInAnyOrder("camera-1", "thermostat-1"))
                .body("requestedScope.grants[0].ops", containsInAnyOrder("diag.read", "config.read", "config.write"))
                .body("scope.version", equalTo(0))
                .body("scope.grants", hasSize(0))
                .body("expiresAt", nullValue())
                .body("devices.id", containsInAnyOrder("camera-1", "thermostat-1"))
                .body("escalations", hasSize(0));

        // Then
        String id = response.extract().path("id");
        assertEquals(true, response.extract().header("Location").endsWith("/api/v1/sessions/" + id));
        SupportSession stored = fixture.session(id);
        assertEquals(SessionState.requested, stored.state);
        assertEquals(Duration.ofMinutes(30), Duration.between(stored.requestedAt, stored.requestExpiresAt));
        assertEquals(fixture.technicianId(world.technicianSubject()), stored.technicianId);
        List<SessionChanged> changes = fixture.changesOf(id);
        assertEquals(1, changes.size());
        assertNull(changes.get(0).from());
        assertEquals(SessionState.requested, changes.get(0).to());
        assertEquals(world.technicianSubject(), changes.get(0).actor());
    }

    @Test
    void shouldAcceptAnExplicitScopeWithinTheTemplate() {
        var world = fixture.world();
        Map<String, Object> body = new HashMap<>(requestBody(world, 30));
        body.put("scope", scope("thermostat-1", "diag.read"));

        post(fixture.technicianToken(world), "", body).statusCode(201)
                .body("requestedScope.grants[0].devices", containsInAnyOrder("thermostat-1"))
                .body("requestedScope.grants[0].ops", containsInAnyOrder("diag.read"));
    }

    @Test
    void shouldRefuseADeviceOfAKindTheTemplateDoesNotAllow() {
        assertScopeRefused("lock-1", "diag.read");
    }

    @Test
    void shouldRefuseAnOperationOutsideTheTemplate() {
        assertScopeRefused("thermostat-1", "device.reboot");
    }

    @Test
    void shouldRefuseADeviceTheHubDoesNotHave() {
        assertScopeRefused("thermostat-9", "diag.read");
    }

    @Test
    void shouldRefuseADurationOneMinuteBeyondTheTemplate() {
        var world = fixture.world(120);
        post(fixture.technicianToken(world), "", requestBody(world, 121)).statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("duration_exceeds_template"));
        assertEquals(0, fixture.sessionsOfTicket(world.ticketId()));
        post(fixture.technicianToken(world), "", requestBody(world, 120)).statusCode(201);
    }

    @Test
    void shouldCapTheDurationAtTheGlobalMaximumWhateverTheTemplateSays() {
        var world = fixture.world(600);
        post(fixture.technicianToken(world), "", requestBody(world, 241)).statusCode(422)
                .body("code", equalTo("duration_exceeds_template"));
        post(fixture.technicianToken(world), "", requestBody(world, 240)).statusCode(201);
    }

    @Test
    void shouldRefuseATechnicianWithoutSecondFactor() {
        var world = fixture.world();
        post(fixture.technicianWithoutMfa(world), "", requestBody(world, 30)).statusCode(403)
                .body("code", equalTo("mfa_required"));
        assertEquals(0, fixture.sessionsOfTicket(world.ticketId()));
    }

    @Test
    void shouldHideATicketOfAnotherProvider() {
        var world = fixture.world();
        var other = fixture.world();
        post(fixture.technicianToken(other), "", requestBody(world, 30)).statusCode(404)
                .body("code", equalTo("not_found"));
        assertEquals(0, fixture.sessionsOfTicket(world.ticketId()));
    }

    @Test
    void shouldRefuseAHubOfAnotherHomeLikeAnUnknownOne() {
        var world = fixture.world();
        Map<String, Object> body = new HashMap<>(requestBody(world, 30));
        body.put("hubId", fixture.foreignHub());
        post(fixture.technicianToken(world), "", body).statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void shouldRefuseAClosedTicket() {
        var world = fixture.world();
        fixture.setTicketState(world.ticketId(), "closed");
        post(fixture.technicianToken(world), "", requestBody(world, 30)).statusCode(409)
                .body("code", equalTo("ticket_closed"));
    }

    @Test
    void shouldRefuseAResidentRequestingASession() {
        var world = fixture.world();
        post(fixture.residentToken(world), "", requestBody(world, 30)).statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void shouldAnswerMalformedJsonWithABadRequest() {
        var world = fixture.world();
        post(fixture.technicianToken(world), "", "{\"ticketId\": ").statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("malformed_body"));
    }

    @Test
    void shouldAnswerAnUnknownFieldWithABadRequest() {
        var world = fixture.world();
        Map<String, Object> body = new HashMap<>(requestBody(world, 30));
        body.put("priority", "high");
        post(fixture.technicianToken(world), "", body).statusCode(400).body("code", equalTo("unknown_field"));
    }

    @Test
    void shouldAnswerAnUnknownOperationWithABadRequest() {
        var world = fixture.world();
        Map<String, Object> body = new HashMap<>(requestBody(world, 30));
        body.put("scope", scope("thermostat-1", "format.disk"));
        post(fixture.technicianToken(world), "", body).statusCode(400).body("code", equalTo("malformed_body"));
    }

    @Test
    void shouldAnswerMissingFieldsWithInvalidBody() {
        var world = fixture.world();
        post(fixture.technicianToken(world), "", Map.of("ticketId", world.ticketId())).statusCode(400)
                .body("code", equalTo("invalid_body"));
        assertEquals(0, fixture.sessionsOfTicket(world.ticketId()));
    }

    @Test
    void shouldGiveTheRequestTheConfiguredTimeToLive() {
        var world = fixture.world();
        Instant before = Instant.now();
        String id = SessionApi.requested(fixture, world, 30);
        SupportSession stored = fixture.session(id);
        assertEquals(stored.requestedAt.plus(Duration.ofMinutes(30)), stored.requestExpiresAt);
        assertEquals(false, stored.requestedAt.isBefore(before.minusSeconds(1)));
    }

    private void assertScopeRefused(String device, String op) {
        var world = fixture.world();
        Map<String, Object> body = new HashMap<>(requestBody(world, 30));
        body.put("scope", scope(device, op));
        post(fixture.technicianToken(world), "", body).statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("scope_exceeds_template"));
        assertEquals(0, fixture.sessionsOfTicket(world.ticketId()));
    }

    static Map<String, Object> scope(String device, String op) {
        return Map.of("grants", List.of(Map.of("devices", List.of(device), "ops", List.of(op))));
    }
}
