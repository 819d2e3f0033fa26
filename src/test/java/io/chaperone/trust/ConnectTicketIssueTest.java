package io.chaperone.trust;

import io.chaperone.consent.SessionState;
import io.chaperone.identity.DevIssuer.DevToken;
import io.chaperone.support.DpopKey;
import io.chaperone.support.MutableClock;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** {@code POST /api/v1/sessions/{id}/tickets}: who may get a connect ticket, and what it says. */
@QuarkusTest
class ConnectTicketIssueTest {

    private static final String THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    @Inject
    Tokens tokens;
    @Inject
    SessionFixture fixture;
    @Inject
    MutableClock clock;
    @Inject
    GatewayKeyRing keys;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldIssueSignedTicketOfAtMostThirtySecondsAndRecordIt() {
        // Given
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        clock.pin(now);

        // When
        var response = issue(tech(session), session.id(), null).statusCode(201)
                .contentType(ContentType.JSON)
                .body("sessionId", equalTo(session.id().toString()))
                .body("ticket", notNullValue());

        // Then
        String ticket = response.extract().path("ticket");
        Map<String, Object> header = TicketJwt.header(ticket);
        assertEquals("chaperone-ct+jwt", header.get("typ"));
        assertEquals("ES256", header.get("alg"));
        assertEquals(keys.currentKid(), header.get("kid"));
        Map<String, Object> claims = TicketJwt.claims(ticket);
        long iat = ((Number) claims.get("iat")).longValue();
        long exp = ((Number) claims.get("exp")).longValue();
        assertEquals(now.getEpochSecond(), iat);
        assertEquals(30, exp - iat);
        assertEquals("https://gateway.chaperone.local", claims.get("iss"));
        assertEquals("chaperone-connect", claims.get("aud"));
        assertEquals(session.technician().subject(), claims.get("sub"));
        assertEquals(session.technician().id().toString(), claims.get("tech"));
        assertEquals(session.id().toString(), claims.get("sid"));
        assertFalse(claims.containsKey("cnf"));
        String jti = (String) claims.get("jti");
        assertEquals(jti, UUID.fromString(jti).toString());
        assertEquals(Instant.ofEpochSecond(exp), Instant.parse(response.extract().path("expiresAt")));

        ConnectTicketRecord record = fixture.record(jti);
        assertEquals(session.id(), record.sessionId);
        assertEquals(session.technician().id(), record.technicianId);
        assertEquals(Instant.ofEpochSecond(iat), record.issuedAt);
        assertEquals(Instant.ofEpochSecond(exp), record.expiresAt);
        assertNull(record.keyThumbprint);
        assertNull(record.usedAt);
        assertEquals(1, fixture.ticketCount(session.id()));
    }

    @Test
    void shouldBindTicketToTheGivenKeyThumbprint() {
        var session = fixture.session(SessionState.active, Instant.now().plus(Duration.ofHours(1)));

        String ticket = issue(tech(session), session.id(), Map.of("keyThumbprint", THUMBPRINT))
                .statusCode(201).extract().path("ticket");

        assertEquals(Map.of("jkt", THUMBPRINT), TicketJwt.claims(ticket).get("cnf"));
        assertEquals(THUMBPRINT, fixture.record((String) TicketJwt.claims(ticket).get("jti")).keyThumbprint);
    }

    @Test
    void shouldBindTicketToTheKeyOfTheMintRequestsDpopProof() {
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        DpopKey key = DpopKey.ec();

        String ticket = given().auth().oauth2(tech(session)).header("DPoP", key.proof("POST", ticketUrl(session), null))
                .when().post("/api/v1/sessions/{id}/tickets", session.id()).then().statusCode(201).extract().path("ticket");

        assertEquals(Map.of("jkt", key.thumbprint()), TicketJwt.claims(ticket).get("cnf"));
        assertEquals(key.thumbprint(), fixture.record((String) TicketJwt.claims(ticket).get("jti")).keyThumbprint);
    }

    @Test
    void shouldRefuseAMintProofThatIsInvalidReplayedOrDisagreesWithTheBody() {
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        DpopKey key = DpopKey.ec();
        String proof = key.proof("POST", ticketUrl(session), null);
        given().auth().oauth2(tech(session)).header("DPoP", proof).when()
                .post("/api/v1/sessions/{id}/tickets", session.id()).then().statusCode(201);

        mintWithProof(session, proof, null).statusCode(400).body("code", equalTo("dpop_proof_replayed"));
        mintWithProof(session, key.proof("GET", ticketUrl(session), null), null).statusCode(400)
                .body("code", equalTo("dpop_proof_wrong_target"));
        mintWithProof(session, "not.a.proof", null).statusCode(400).body("code", equalTo("dpop_proof_invalid"));
        mintWithProof(session, key.proof("POST", ticketUrl(session), null), THUMBPRINT).statusCode(400)
                .body("code", equalTo("ticket_key_mismatch"));
        assertEquals(1, fixture.ticketCount(session.id()));
    }

    @Test
    void shouldRefuseMalformedThumbprint() {
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));

        for (String bad : new String[]{THUMBPRINT.substring(1), THUMBPRINT + "A", "NzbLsXh8uDCcd+6MNwXF4W/7noWXFZAfHkxZsRGC9Xs",
                "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xt", ""}) {
            issue(tech(session), session.id(), Map.of("keyThumbprint", bad)).statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("invalid_body"));
        }
        assertEquals(0, fixture.ticketCount(session.id()));
    }

    @Test
    void shouldRefuseUnknownBodyField() {
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));

        issue(tech(session), session.id(), Map.of("thumbprint", THUMBPRINT)).statusCode(400)
                .body("code", equalTo("unknown_field"));
        assertEquals(0, fixture.ticketCount(session.id()));
    }

    @Test
    void shouldRefuseTechnicianWithoutMfa() {
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        var tech = session.technician();
        Instant now = Instant.now();
        String withoutMfa = tokens.issue(new DevToken(tech.subject(), "technician", Optional.of(tech.org()),
                tech.subject(), "t@example.test", false, now, now, Duration.ofMinutes(5), "chaperone"));

        issue(withoutMfa, session.id(), null).statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("mfa_required"));
        assertEquals(0, fixture.ticketCount(session.id()));
    }

    @Test
    void shouldRefuseResident() {
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));

        issue(tokens.resident(Tokens.unique("resident")), session.id(), null).statusCode(403)
                .body("code", equalTo("role_required"));
        assertEquals(0, fixture.ticketCount(session.id()));
    }

    @Test
    void shouldAnswerNotFoundToAnotherSessionsTechnician() {
        var sessionOfA = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        var technicianB = fixture.technician();

        issue(tokens.technician(technicianB.subject(), technicianB.org()), sessionOfA.id(), null)
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("not_found"));
        assertEquals(0, fixture.ticketCount(sessionOfA.id()));
    }

    @Test
    void shouldAnswerNotFoundAlikeForUnknownSessionAndUnknownTechnician() {
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));

        issue(tech(session), UUID.randomUUID(), null).statusCode(404).body("code", equalTo("not_found"));
        issue(tokens.technician(Tokens.unique("stranger"), session.technician().org()), session.id(), null)
                .statusCode(404).body("code", equalTo("not_found"));
        issue(tech(session), "not-a-uuid").statusCode(404).body("code", equalTo("not_found"));
    }

    @ParameterizedTest
    @EnumSource(value = SessionState.class, names = {"requested", "suspended", "ended", "revoked", "expired",
            "denied", "cancelled"})
    void shouldRefuseSessionThatIsNotConnectable(SessionState state) {
        var session = fixture.session(state, Instant.now().plus(Duration.ofHours(1)));

        issue(tech(session), session.id(), null).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("session_not_connectable"));
        assertEquals(0, fixture.ticketCount(session.id()));
    }

    @Test
    void shouldIssueOneMillisecondBeforeTheSessionEnds() {
        Instant end = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        var session = fixture.session(SessionState.approved, end);
        clock.pin(end.minusMillis(1));

        issue(tech(session), session.id(), null).statusCode(201);
    }

    @Test
    void shouldRefuseExactlyWhenTheSessionEnds() {
        Instant end = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        var session = fixture.session(SessionState.active, end);
        clock.pin(end);

        issue(tech(session), session.id(), null).statusCode(409).body("code", equalTo("session_not_connectable"));
        assertEquals(0, fixture.ticketCount(session.id()));
    }

    @Test
    void shouldRequireBearerToken() {
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));

        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/sessions/{id}/tickets", session.id())
                .then().statusCode(401).body("code", equalTo("unauthenticated"));
    }

    private String tech(SessionFixture.Session session) {
        return fixture.technicianToken(session);
    }

    private static ValidatableResponse issue(String token, UUID sessionId, Map<String, String> body) {
        var request = given().auth().oauth2(token);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.when().post("/api/v1/sessions/{id}/tickets", sessionId).then();
    }

    private ValidatableResponse mintWithProof(SessionFixture.Session session, String proof, String thumbprint) {
        var request = given().auth().oauth2(tech(session)).header("DPoP", proof);
        if (thumbprint != null) {
            request = request.contentType(ContentType.JSON).body(Map.of("keyThumbprint", thumbprint));
        }
        return request.when().post("/api/v1/sessions/{id}/tickets", session.id()).then()
                .contentType("application/problem+json");
    }

    /** The URL the gateway sees for the mint request (RestAssured sends Host: localhost:<test port>). */
    private static String ticketUrl(SessionFixture.Session session) {
        return "http://localhost:" + RestAssured.port + "/api/v1/sessions/" + session.id() + "/tickets";
    }

    private static ValidatableResponse issue(String token, String rawSessionId) {
        return given().auth().oauth2(token).when().post("/api/v1/sessions/{id}/tickets", rawSessionId).then();
    }
}
