package io.chaperone.identity;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(DevLoginDisabledTest.IssuerDisabled.class)
class DevLoginDisabledTest {

    public static class IssuerDisabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chaperone.dev-issuer.enabled", "false");
        }
    }

    @Test
    void shouldAnswerNotFoundForAValidLoginWhenTheDevIssuerIsDisabled() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "login-resident", "password", "resident-secret", "mfa", true))
                .when().post("/dev-issuer/login")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"));
    }
}
