package io.chaperone.trust.device;

import io.chaperone.relay.RelayWorld;
import io.chaperone.simulator.HubEnroller;
import io.chaperone.support.MutableClock;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /hubs/enroll} is authenticated by the claim code alone: metered per source address and per code. */
@QuarkusTest
class EnrollmentMeterTest {

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;
    @Inject
    MutableClock clock;

    @AfterEach
    void cleanUp() {
        clock.reset();
    }

    private ExtractableResponse<Response> enroll(String code, String csr) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("claimCode", code, "csr", csr, "name", "hub", "model", RelayWorld.MODEL, "firmware", RelayWorld.FIRMWARE))
                .post("/api/v1/hubs/enroll").then().extract();
    }

    private static void assertLimited(ExtractableResponse<Response> response, String code) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.<String>path("code")).isEqualTo(code);
        assertThat(Integer.parseInt(response.header("Retry-After"))).isPositive();
    }

    @Test
    void shouldBurnAClaimCodeAfterFiveFailedAttempts() {
        String resident = Tokens.unique("resident");
        UUID homeId = UUID.fromString(given().auth().oauth2(tokens.resident(resident)).contentType(ContentType.JSON)
                .body(Map.of("name", "flat")).post("/api/v1/homes").then().statusCode(201).extract().path("id"));
        String code = given().auth().oauth2(tokens.resident(resident)).post("/api/v1/homes/{id}/hub-claims", homeId)
                .then().statusCode(201).extract().path("claimCode");
        for (int i = 0; i < 5; i++) {
            assertThat(enroll(code, "not a csr").<String>path("code")).isEqualTo("invalid_csr");
        }

        ExtractableResponse<Response> sixth = enroll(code, HubEnroller.csr(DeviceTrustFiles.newKeyPair()));

        assertLimited(sixth, "claim_attempts_exceeded");
        assertThat(world.count("SELECT count(*) FROM hub_claims WHERE home_id = $1 AND used_at IS NOT NULL AND hub_id IS NULL",
                homeId)).isEqualTo(1);
        assertThat(world.count("SELECT count(*) FROM hubs WHERE home_id = $1", homeId)).isZero();
    }

    @Test
    void shouldRefuseAnAddressOverItsEnrollmentAttemptsPerMinute() {
        // A window of its own (the suite's other enrollments come from the same address, in real time).
        clock.pin(Instant.now().plus(Duration.ofDays(1)));
        for (int i = 0; i < 60; i++) { // %test.chaperone.limits.enroll-per-address
            assertThat(enroll("GUESS" + i, "not a csr").statusCode()).isEqualTo(400);
        }

        assertLimited(enroll("GUESS-LAST", "not a csr"), "enroll_rate_limited");
    }
}
