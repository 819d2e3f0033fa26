package io.chaperone.signin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Cookie-authenticated unsafe requests need X-Chaperone-Request and an allowed Origin; Bearer requests do not. */
@QuarkusTest
class CsrfGuardTest {

    private static final Map<String, String> HOME = Map.of("name", "csrf flat");
    private String cookie;
    private String ownOrigin;

    @BeforeEach
    void signIn() {
        cookie = BrowserSignInTest.sessionCookie("login-resident", "resident-secret", null);
        ownOrigin = "http://localhost:" + RestAssured.port;
    }

    private RequestSpecification withCookie() {
        return given().cookie(SessionCookie.NAME, cookie).contentType(ContentType.JSON).body(HOME);
    }

    @Test
    void shouldRejectACookiePostWithoutTheHeader() {
        withCookie().when().post("/api/v1/homes").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("csrf_rejected"));
        withCookie().header(CsrfGuard.HEADER, "yes").when().post("/api/v1/homes").then().statusCode(403)
                .body("code", equalTo("csrf_rejected"));
    }

    @Test
    void shouldRejectACookieRequestWithTheHeaderFromAForeignOrigin() {
        withCookie().header(CsrfGuard.HEADER, "1").header("Origin", "https://evil.example").when().post("/api/v1/homes")
                .then().statusCode(403).body("code", equalTo("csrf_rejected"));
        withCookie().header(CsrfGuard.HEADER, "1").header("Origin", "null").when().post("/api/v1/homes")
                .then().statusCode(403).body("code", equalTo("csrf_rejected"));
        given().cookie(SessionCookie.NAME, cookie).header("Origin", "https://evil.example")
                .when().delete("/api/v1/homes/00000000-0000-0000-0000-000000000000")
                .then().statusCode(403).body("code", equalTo("csrf_rejected"));
    }

    @Test
    void shouldPassACookieRequestWithTheHeaderFromThisOrAnAllowedOriginOrWithoutOrigin() {
        withCookie().header(CsrfGuard.HEADER, "1").header("Origin", ownOrigin).when().post("/api/v1/homes")
                .then().statusCode(201).body("name", equalTo("csrf flat"));
        withCookie().header(CsrfGuard.HEADER, "1").header("Origin", "http://localhost:8080").when().post("/api/v1/homes")
                .then().statusCode(201);
        withCookie().header(CsrfGuard.HEADER, "1").when().post("/api/v1/homes").then().statusCode(201);
    }

    @Test
    void shouldLeaveSafeMethodsAndBearerRequestsAlone() {
        given().cookie(SessionCookie.NAME, cookie).when().get("/api/v1/homes").then().statusCode(200);
        given().auth().oauth2(cookie).contentType(ContentType.JSON).body(HOME).when().post("/api/v1/homes")
                .then().statusCode(201);
    }

    @Test
    void shouldRejectASignInPostWithoutTheHeader() {
        given().contentType(ContentType.JSON).body(Map.of("username", "login-resident", "password", "resident-secret"))
                .when().post("/auth/dev-sign-in").then().statusCode(403).body("code", equalTo("csrf_rejected"));
        given().when().post("/auth/sign-out").then().statusCode(403).body("code", equalTo("csrf_rejected"));
    }
}
