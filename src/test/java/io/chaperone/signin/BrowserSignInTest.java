package io.chaperone.signin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The development issuer's browser sign-in (accounts login-resident with one-time code 424242, login-technician
 * without one: %test in application.properties), {@code /auth/session}, sign-out, and the cookie as a credential.
 */
@QuarkusTest
class BrowserSignInTest {

    private static final String PASSWORD = "resident-secret";
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final ExtHandler capture = new ExtHandler() {
        @Override
        protected void doPublish(ExtLogRecord record) {
            logged.add(record.getFormattedMessage() + " " + record.getThrown());
        }
    };
    private Logger root;

    @BeforeEach
    void captureLogs() {
        root = LogContext.getLogContext().getLogger("");
        root.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        root.removeHandler(capture);
    }

    static Response signIn(Map<String, Object> form) {
        return given().contentType(ContentType.JSON).header(CsrfGuard.HEADER, "1").body(form)
                .when().post("/auth/dev-sign-in");
    }

    static String sessionCookie(String username, String password, String code) {
        Map<String, Object> form = new HashMap<>(Map.of("username", username, "password", password));
        if (code != null) {
            form.put("oneTimeCode", code);
        }
        return signIn(form).then().statusCode(200).extract().cookie(SessionCookie.NAME);
    }

    @Test
    void shouldSetAnHttpOnlyStrictCookieWithTheTokenLifetimeAndNoTokenInTheBody() {
        Response response = signIn(Map.of("username", "login-resident", "password", PASSWORD, "oneTimeCode", "424242",
                "next", "/app/requests?id=7"));

        response.then().statusCode(200)
                .body("next", equalTo("/app/requests?id=7"))
                .body("mfa", equalTo(true))
                .body("expiresIn", equalTo(900));
        String setCookie = response.header("Set-Cookie");
        String token = response.cookie(SessionCookie.NAME);
        assertThat(token).startsWith("eyJ");
        assertThat(setCookie).isEqualTo(SessionCookie.NAME + "=" + token + "; Max-Age=900; Path=/; HttpOnly; SameSite=Strict");
        assertThat(response.body().asString()).doesNotContain(token).doesNotContain("accessToken");
    }

    @Test
    void shouldDescribeTheCookieSessionWithMfaOnlyWhenTheOneTimeCodeWasGiven() {
        String withCode = sessionCookie("login-resident", PASSWORD, "424242");
        String passwordOnly = sessionCookie("login-resident", PASSWORD, null);

        given().cookie(SessionCookie.NAME, withCode).when().get("/auth/session").then().statusCode(200)
                .body("subject", equalTo("login-resident"))
                .body("name", equalTo("login-resident"))
                .body("role", equalTo("resident"))
                .body("org", nullValue())
                .body("mfa", equalTo(true));
        given().cookie(SessionCookie.NAME, passwordOnly).when().get("/auth/session").then().statusCode(200)
                .body("mfa", equalTo(false));
        String technician = sessionCookie("login-technician", "technician-secret", "");
        given().cookie(SessionCookie.NAME, technician).when().get("/auth/session").then().statusCode(200)
                .body("role", equalTo("technician")).body("org", equalTo("login-test-org")).body("name", equalTo("Terry Login"))
                .body("mfa", equalTo(false));
    }

    @Test
    void shouldAuthenticateRestByTheCookieAndLetAnAuthorizationHeaderWin() {
        String cookie = sessionCookie("login-resident", PASSWORD, null);
        String technician = sessionCookie("login-technician", "technician-secret", null);

        given().cookie(SessionCookie.NAME, cookie).when().get("/api/v1/me").then().statusCode(200)
                .body("subject", equalTo("login-resident")).body("role", equalTo("resident"));
        given().cookie(SessionCookie.NAME, cookie).auth().oauth2(technician).when().get("/auth/session").then()
                .statusCode(200).body("subject", equalTo("login-technician"));
        given().cookie(SessionCookie.NAME, "not-a-token").auth().oauth2(technician).when().get("/auth/session").then()
                .statusCode(200).body("subject", equalTo("login-technician"));
    }

    @Test
    void shouldAnswer401UnauthenticatedForAMissingOrBrokenCookie() {
        given().when().get("/auth/session").then().statusCode(401).body("code", equalTo("unauthenticated"));
        given().cookie(SessionCookie.NAME, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").when().get("/auth/session").then()
                .statusCode(401).body("code", equalTo("unauthenticated"));
        given().cookie(SessionCookie.NAME, "").when().get("/api/v1/me").then()
                .statusCode(401).body("code", equalTo("unauthenticated"));
    }

    @Test
    void shouldRefuseWrongSignInsWithExactCodesNoCookieAndNoSecretInTheLogs() {
        Response wrongPassword = signIn(Map.of("username", "login-resident", "password", "guess-" + PASSWORD));
        Response unknown = signIn(Map.of("username", "nobody-here", "password", PASSWORD));
        Response wrongCode = signIn(Map.of("username", "login-resident", "password", PASSWORD, "oneTimeCode", "999999"));
        Response noCodeConfigured = signIn(Map.of("username", "login-technician", "password", "technician-secret",
                "oneTimeCode", "424242"));
        Response blank = signIn(Map.of("username", "", "password", ""));

        for (Response refused : List.of(wrongPassword, unknown)) {
            refused.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("invalid_credentials"));
        }
        for (Response refused : List.of(wrongCode, noCodeConfigured)) {
            refused.then().statusCode(401).body("code", equalTo("invalid_second_factor"));
        }
        blank.then().statusCode(400).body("code", equalTo("invalid_body"));
        for (Response refused : List.of(wrongPassword, unknown, wrongCode, noCodeConfigured, blank)) {
            assertThat(refused.header("Set-Cookie")).isNull();
            assertThat(refused.body().asString()).doesNotContain(PASSWORD).doesNotContain("999999");
        }
        assertThat(logged).noneMatch(line -> line.contains(PASSWORD) || line.contains("999999")
                || line.contains("424242") || line.contains("technician-secret"));
    }

    @Test
    void shouldSendNextOnlyToAPathOnThisGateway() {
        signIn(Map.of("username", "login-resident", "password", PASSWORD, "next", "//evil.example/x")).then()
                .statusCode(200).body("next", equalTo("/"));
        signIn(Map.of("username", "login-resident", "password", PASSWORD, "next", "https://evil.example/")).then()
                .statusCode(200).body("next", equalTo("/"));
        signIn(Map.of("username", "login-resident", "password", PASSWORD)).then()
                .statusCode(200).body("next", equalTo("/"));
    }

    @Test
    void shouldClearTheCookieOnSignOut() {
        String cookie = sessionCookie("login-resident", PASSWORD, null);

        Response out = given().cookie(SessionCookie.NAME, cookie).header(CsrfGuard.HEADER, "1")
                .when().post("/auth/sign-out");

        out.then().statusCode(204);
        assertThat(out.header("Set-Cookie")).isEqualTo(SessionCookie.NAME + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict");
    }

    @Test
    void shouldOfferTheDevelopmentIssuerAndNoOidcInTheTestProfile() {
        given().when().get("/auth/providers").then().statusCode(200)
                .body("devIssuer", equalTo(true)).body("oidc", equalTo(false));
    }
}
