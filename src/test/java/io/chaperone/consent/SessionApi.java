package io.chaperone.consent;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** REST calls of the session API, shared by the lifecycle tests. */
final class SessionApi {

    private SessionApi() {
    }

    static Map<String, Object> requestBody(ConsentFixture.World world, int minutes) {
        return Map.of("ticketId", world.ticketId(), "hubId", world.hubId(), "templateId", world.templateId(),
                "durationMinutes", minutes, "reason", "thermostat offline since Monday");
    }

    static ValidatableResponse post(String token, String path, Object body) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        return request.when().post("/api/v1/sessions" + path).then();
    }

    static ValidatableResponse get(String token, String path) {
        return given().auth().oauth2(token).when().get("/api/v1/sessions" + path).then();
    }

    /** A new request with the template's default scope, for {@code minutes}. */
    static String requested(ConsentFixture fixture, ConsentFixture.World world, int minutes) {
        return post(fixture.technicianToken(world), "", requestBody(world, minutes)).statusCode(201)
                .extract().path("id");
    }

    /** A request approved as requested by the resident (fresh MFA login). */
    static String approved(ConsentFixture fixture, ConsentFixture.World world) {
        String id = requested(fixture, world, 60);
        post(fixture.residentToken(world), "/" + id + "/approve", Map.of()).statusCode(200);
        return id;
    }
}
