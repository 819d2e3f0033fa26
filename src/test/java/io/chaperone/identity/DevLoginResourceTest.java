package io.chaperone.identity;

import io.chaperone.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Accounts login-resident and login-technician are configured in %test of application.properties. */
@QuarkusTest
class DevLoginResourceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Inject
    MutableClock clock;
    @Inject
    JWTParser parser;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldIssueMfaTokenWithAuthTimeNowForAConfiguredAccount() throws Exception {
        // Given
        clock.pin(NOW);

        // When
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("username", "login-technician", "password", "technician-secret", "mfa", true))
                .when().post("/dev-issuer/login")
                .then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .extract().path("accessToken");

        // Then
        JsonWebToken jwt = parser.parseOnly(token);
        assertEquals("login-technician", jwt.getSubject());
        assertEquals(Set.of("technician"), jwt.getGroups());
        assertEquals("login-test-org", jwt.getClaim("org").toString());
        assertEquals("Terry Login", jwt.getClaim("name").toString());
        assertEquals(NOW.getEpochSecond(), ((Number) jwt.getClaim("auth_time")).longValue());
        assertEquals(NOW.getEpochSecond(), jwt.getIssuedAtTime());
        assertEquals(NOW.plusSeconds(900).getEpochSecond(), jwt.getExpirationTime());
        assertEquals("mfa", jwt.getClaim("acr").toString());
        assertEquals(List.of("pwd", "otp"), amr(jwt));
    }

    @Test
    void shouldDateAuthTimeBackByAuthAgeSecondsAndRefuseAgesOutOfRange() throws Exception {
        // Given
        clock.pin(NOW);

        // When
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("username", "login-resident", "password", "resident-secret", "mfa", true, "authAgeSeconds", 600))
                .when().post("/dev-issuer/login")
                .then().statusCode(200).extract().path("accessToken");

        // Then
        JsonWebToken jwt = parser.parseOnly(token);
        assertEquals(NOW.minusSeconds(600).getEpochSecond(), ((Number) jwt.getClaim("auth_time")).longValue());
        assertEquals(NOW.getEpochSecond(), jwt.getIssuedAtTime());
        assertEquals(NOW.plusSeconds(900).getEpochSecond(), jwt.getExpirationTime());
        for (int age : new int[]{-1, 86_401}) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("username", "login-resident", "password", "resident-secret", "authAgeSeconds", age))
                    .when().post("/dev-issuer/login")
                    .then().statusCode(400).body("code", equalTo("invalid_body"));
        }
    }

    @Test
    void shouldIssuePasswordOnlyTokenWithoutMfaThatTheGatewayAccepts() throws Exception {
        // When
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("username", "login-resident", "password", "resident-secret"))
                .when().post("/dev-issuer/login")
                .then().statusCode(200)
                .extract().path("accessToken");

        // Then
        JsonWebToken jwt = parser.parseOnly(token);
        assertEquals("pwd", jwt.getClaim("acr").toString());
        assertEquals(List.of("pwd"), amr(jwt));
        assertNull(jwt.getClaim("org"));
        given().auth().oauth2(token).when().get("/api/v1/me")
                .then().statusCode(200)
                .body("subject", equalTo("login-resident"))
                .body("role", equalTo("resident"))
                .body("email", equalTo("login-resident@example.test"));
    }

    @Test
    void shouldRefuseWrongPasswordWithInvalidCredentials() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "login-resident", "password", "resident-secreT", "mfa", true))
                .when().post("/dev-issuer/login")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_credentials"))
                .body(not(containsString("accessToken")));
    }

    @Test
    void shouldAnswerUnknownUserExactlyLikeAWrongPassword() {
        String unknown = given().contentType(ContentType.JSON)
                .body(Map.of("username", "mallory", "password", "resident-secret"))
                .when().post("/dev-issuer/login")
                .then().statusCode(401).extract().asString();
        String wrong = given().contentType(ContentType.JSON)
                .body(Map.of("username", "login-resident", "password", "nope"))
                .when().post("/dev-issuer/login")
                .then().statusCode(401).extract().asString();

        assertEquals(wrong, unknown);
    }

    @Test
    void shouldRejectBlankUsernameWithInvalidBody() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "", "password", "x"))
                .when().post("/dev-issuer/login")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_body"));
    }

    @Test
    void shouldRejectUnknownFields() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "login-resident", "password", "resident-secret", "role", "ops"))
                .when().post("/dev-issuer/login")
                .then().statusCode(400)
                .body("code", equalTo("unknown_field"));
    }

    private static List<String> amr(JsonWebToken jwt) {
        return ((Collection<?>) jwt.getClaim("amr")).stream()
                .map(v -> v instanceof jakarta.json.JsonString s ? s.getString() : String.valueOf(v))
                .toList();
    }
}
