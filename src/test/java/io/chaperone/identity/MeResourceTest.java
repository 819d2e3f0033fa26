package io.chaperone.identity;

import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class MeResourceTest {

    @Inject
    Tokens tokens;

    @Test
    void shouldProvisionResidentJustInTimeAndKeepTheSameId() {
        String subject = Tokens.unique("alice");
        String token = tokens.resident(subject);

        String id = given().auth().oauth2(token).when().get("/api/v1/me")
                .then().statusCode(200)
                .body("subject", equalTo(subject))
                .body("role", equalTo("resident"))
                .body("id", notNullValue())
                .extract().path("id");

        given().auth().oauth2(token).when().get("/api/v1/me")
                .then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void shouldAnswerProblemJsonWithoutToken() {
        given().when().get("/api/v1/me")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
    }
}
