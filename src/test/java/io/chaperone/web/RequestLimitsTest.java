package io.chaperone.web;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Approval bombing and ticket minting are bounded: 429 problem+json with a stable code and Retry-After. */
@QuarkusTest
class RequestLimitsTest {

    @Inject
    RelayWorld world;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private static void assertLimited(ExtractableResponse<Response> response, String code) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.<String>path("code")).isEqualTo(code);
        assertThat(Integer.parseInt(response.header("Retry-After"))).isPositive();
    }

    private ExtractableResponse<Response> requestSession(Home home) {
        return given().auth().oauth2(world.technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("ticketId", home.ticketId(), "hubId", home.hubId(), "templateId", home.templateId(),
                        "durationMinutes", 30, "reason", "again",
                        "scope", Map.of("grants", List.of(grant(List.of("thermostat-1"), List.of("diag.read"))))))
                .post("/api/v1/sessions").then().extract();
    }

    @Test
    void shouldRefuseTheEleventhSessionRequestOfATechnicianForOneHome() {
        Home home = world.home(List.of("diag.read"), 600);
        for (int i = 0; i < 10; i++) {
            assertThat(requestSession(home).statusCode()).isEqualTo(201);
        }

        ExtractableResponse<Response> eleventh = requestSession(home);

        assertLimited(eleventh, "session_requests_limited");
        assertThat(world.count("SELECT count(*) FROM support_sessions WHERE ticket_id = $1", home.ticketId())).isEqualTo(10);
    }

    @Test
    void shouldRefuseTheSixthEscalationRequestOfASession() {
        Home home = world.home(List.of("diag.read", "config.write"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        for (int i = 0; i < 5; i++) {
            assertThat(escalate(home, sid).statusCode()).isNotEqualTo(429);
        }

        assertLimited(escalate(home, sid), "escalations_limited");
    }

    private ExtractableResponse<Response> escalate(Home home, UUID sid) {
        return given().auth().oauth2(world.technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("scope", Map.of("grants", List.of(grant(List.of("thermostat-1"), List.of("config.write")))),
                        "reason", "reset schedule"))
                .post("/api/v1/sessions/{id}/escalations", sid).then().extract();
    }

    @Test
    void shouldRefuseTheTwentyFirstConnectTicketOfASessionWithinAMinute() {
        Home home = world.home(List.of("diag.read"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        for (int i = 0; i < 20; i++) {
            world.connectTicket(home, sid);
        }

        ExtractableResponse<Response> refused = given().auth().oauth2(world.technicianToken(home))
                .post("/api/v1/sessions/{id}/tickets", sid).then().extract();

        assertLimited(refused, "connect_tickets_limited");
        assertThat(world.count("SELECT count(*) FROM connect_tickets WHERE session_id = $1", sid)).isEqualTo(20);
    }
}
