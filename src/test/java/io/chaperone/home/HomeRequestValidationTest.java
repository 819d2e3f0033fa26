package io.chaperone.home;

import io.chaperone.support.DirectoryFixture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bad request bodies answer problem+json with stable codes and create nothing. */
@QuarkusTest
class HomeRequestValidationTest {

    private static final int LIMIT = 64 * 1024;

    @Inject
    DirectoryFixture fixture;
    @TestHTTPResource("/api/v1/homes")
    URL homes;

    @Test
    void shouldAnswerMalformedBodyForBrokenJson() {
        String resident = fixture.resident();

        given().auth().oauth2(resident).contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/api/v1/homes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_body"));

        assertEquals(0, homesOf(resident));
    }

    @Test
    void shouldAnswerUnknownFieldForAnExtraProperty() {
        String resident = fixture.resident();

        given().auth().oauth2(resident).contentType(ContentType.JSON).body("{\"name\":\"Flat\",\"owner\":\"mallory\"}")
                .when().post("/api/v1/homes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("unknown_field"))
                .body("detail", equalTo("unknown field 'owner'"));

        assertEquals(0, homesOf(resident));
    }

    @Test
    void shouldAnswerMalformedBodyForAWrongType() {
        String resident = fixture.resident();

        given().auth().oauth2(resident).contentType(ContentType.JSON).body("{\"name\":{\"first\":\"Flat\"}}")
                .when().post("/api/v1/homes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_body"))
                .body("detail", not(containsString("java")));

        assertEquals(0, homesOf(resident));
    }

    @Test
    void shouldAnswerInvalidBodyForAMissingBody() {
        given().auth().oauth2(fixture.resident()).contentType(ContentType.JSON)
                .when().post("/api/v1/homes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_body"));
    }

    @Test
    void shouldAnswerUnsupportedMediaTypeForText() {
        given().auth().oauth2(fixture.resident()).contentType(ContentType.TEXT).body("Flat")
                .when().post("/api/v1/homes")
                .then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void shouldAcceptABodyOfExactlyTheLimitAndJudgeItsContent() {
        String body = bodyOfLength(LIMIT);

        given().auth().oauth2(fixture.resident()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/homes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_body"));
    }

    @Test
    void shouldRefuseABodyOneByteOverTheLimit() {
        String resident = fixture.resident();

        given().auth().oauth2(resident).contentType(ContentType.JSON).body(bodyOfLength(LIMIT + 1))
                .when().post("/api/v1/homes")
                .then().statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("body_too_large"));

        assertEquals(0, homesOf(resident));
    }

    @Test
    void shouldRefuseAnOversizedChunkedBodyThatDeclaresNoLength() throws Exception {
        String resident = fixture.resident();

        HttpResponse<String> response = postChunked(resident, bodyOfLength(LIMIT + 1));

        assertEquals(413, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(true, response.body().contains("\"code\":\"body_too_large\""));
        assertEquals(0, homesOf(resident));
    }

    @Test
    void shouldAcceptAChunkedBodyWithinTheLimit() throws Exception {
        String resident = fixture.resident();

        HttpResponse<String> response = postChunked(resident, "{\"name\":\"Chunked flat\"}");

        assertEquals(201, response.statusCode());
        assertEquals(1, homesOf(resident));
    }

    private HttpResponse<String> postChunked(String token, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(homes.toURI())
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                // an InputStream publisher has no known length, so the client sends it chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** {@code {"name":"xxx…"}} of exactly {@code length} bytes. */
    private static String bodyOfLength(int length) {
        String prefix = "{\"name\":\"";
        String suffix = "\"}";
        return prefix + "x".repeat(length - prefix.length() - suffix.length()) + suffix;
    }

    private long homesOf(String residentToken) {
        return given().auth().oauth2(residentToken).when().get("/api/v1/homes")
                .then().statusCode(200).extract().jsonPath().getList("$").size();
    }
}
