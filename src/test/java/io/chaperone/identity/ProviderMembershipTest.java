package io.chaperone.identity;

import io.chaperone.consent.SessionState;
import io.chaperone.identity.DevIssuer.DevToken;
import io.chaperone.support.Tokens;
import io.chaperone.trust.SessionFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A technician acts only for the provider the session was requested for, as named by their current token. */
@QuarkusTest
class ProviderMembershipTest {

    @Inject
    Tokens tokens;
    @Inject
    SessionFixture fixture;

    @Test
    void shouldRefuseTicketToATechnicianWhoseTokenNamesNoProvider() {
        // Given
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        Instant now = Instant.now();
        String withoutOrg = tokens.issue(new DevToken(session.technician().subject(), "technician", Optional.empty(),
                session.technician().subject(), "t@example.test", true, now, now, Duration.ofMinutes(5), "chaperone"));

        // When
        ValidatableResponse refused = ticket(withoutOrg, session.id());

        // Then
        refused.statusCode(403).contentType("application/problem+json").body("code", equalTo("provider_unknown"));
        assertEquals(0, fixture.ticketCount(session.id()));
    }

    @Test
    void shouldNotLetATechnicianWhoMovedToAnotherProviderActForTheOldOne() {
        // Given: the session was requested for provider A; the technician's token now names provider B
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        String otherProvider = fixture.technician().org();
        String movedToken = tokens.technician(session.technician().subject(), otherProvider);

        // When
        ValidatableResponse ticket = ticket(movedToken, session.id());

        // Then: the session is as unknown to them as any other provider's
        ticket.statusCode(404).body("code", equalTo("not_found"));
        given().auth().oauth2(movedToken).when().get("/api/v1/sessions/{id}", session.id())
                .then().statusCode(404).body("code", equalTo("not_found"));
        List<String> listed = given().auth().oauth2(movedToken).when().get("/api/v1/sessions")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertFalse(listed.contains(session.id().toString()));
        given().auth().oauth2(movedToken).when().post("/api/v1/sessions/{id}/end", session.id())
                .then().statusCode(404).body("code", equalTo("not_found"));
        assertEquals(0, fixture.ticketCount(session.id()));
    }

    @Test
    void shouldLetTheTechnicianActAgainWithATokenOfTheSessionsProvider() {
        // Given
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        ticket(tokens.technician(session.technician().subject(), fixture.technician().org()), session.id())
                .statusCode(404);

        // When
        ValidatableResponse ticket = ticket(fixture.technicianToken(session), session.id());

        // Then
        ticket.statusCode(201);
        List<String> listed = given().auth().oauth2(fixture.technicianToken(session)).when().get("/api/v1/sessions")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertTrue(listed.contains(session.id().toString()));
        assertEquals(1, fixture.ticketCount(session.id()));
    }

    private static ValidatableResponse ticket(String token, UUID sessionId) {
        return given().auth().oauth2(token).when().post("/api/v1/sessions/{id}/tickets", sessionId).then();
    }
}
