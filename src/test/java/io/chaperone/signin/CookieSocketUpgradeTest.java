package io.chaperone.signin;

import io.chaperone.relay.RelayWorld;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The resident's activity socket authenticates by the session cookie at the upgrade (no Authorization header), and
 * the Origin check accepts the gateway's own origin besides chaperone.relay.allowed-origins.
 */
@QuarkusTest
class CookieSocketUpgradeTest {

    @Inject
    RelayWorld world;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private String homeOf(String cookie) {
        return given().cookie(SessionCookie.NAME, cookie).header(CsrfGuard.HEADER, "1").contentType(ContentType.JSON)
                .body(Map.of("name", "cookie flat")).post("/api/v1/homes").then().statusCode(201).extract().path("id");
    }

    @Test
    void shouldOpenTheActivitySocketWithTheCookieFromTheGatewaysOwnOrigin() {
        String cookie = BrowserSignInTest.sessionCookie("login-resident", "resident-secret", null);
        String path = "/ws/homes/" + homeOf(cookie) + "/activity";
        // WsClient connects to 127.0.0.1:<port>: that is the Host the upgrade carries, so this is the page's origin
        String ownOrigin = "http://127.0.0.1:" + RestAssured.port;

        WsClient socket = world.open(path, Map.of("Origin", ownOrigin, "Cookie", SessionCookie.NAME + "=" + cookie));

        assertThat(socket.isOpen()).isTrue();
    }

    @Test
    void shouldRefuseTheCookieUpgradeFromAForeignOriginAndWithoutAValidCookie() {
        String cookie = BrowserSignInTest.sessionCookie("login-resident", "resident-secret", null);
        String path = "/ws/homes/" + homeOf(cookie) + "/activity";
        String ownOrigin = "http://127.0.0.1:" + RestAssured.port;

        WsClient.Refused foreign = catchThrowableOfType(WsClient.Refused.class, () -> world.open(path,
                Map.of("Origin", "https://evil.example", "Cookie", SessionCookie.NAME + "=" + cookie)));
        WsClient.Refused otherPort = catchThrowableOfType(WsClient.Refused.class, () -> world.open(path,
                Map.of("Origin", "http://127.0.0.1:1", "Cookie", SessionCookie.NAME + "=" + cookie)));
        WsClient.Refused noCookie = catchThrowableOfType(WsClient.Refused.class, () -> world.open(path,
                Map.of("Origin", ownOrigin)));
        WsClient.Refused badCookie = catchThrowableOfType(WsClient.Refused.class, () -> world.open(path,
                Map.of("Origin", ownOrigin, "Cookie", SessionCookie.NAME + "=eyJ.broken.token")));

        assertThat(foreign.status()).isEqualTo(403);
        assertThat(otherPort.status()).isEqualTo(403);
        assertThat(noCookie.status()).isEqualTo(401);
        assertThat(badCookie.status()).isEqualTo(401);
    }
}
