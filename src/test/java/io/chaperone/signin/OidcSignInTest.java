package io.chaperone.signin;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * OIDC sign-in against {@link OidcTestProvider}, a real HTTP provider the test starts: the redirect with PKCE S256,
 * state and nonce, the provider's redirect back, the code exchange as the confidential client, the token checks and
 * the session cookie; refusals for a forged state, a reused code and a foreign nonce.
 */
@QuarkusTest
@TestProfile(OidcSignInTest.WithOidcProvider.class)
class OidcSignInTest {

    public static class WithOidcProvider implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcTestProvider.class));
        }
    }

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void reset() {
        OidcTestProvider.user = new String[]{"olga", "resident"};
        OidcTestProvider.wrongNonce = false;
        OidcTestProvider.authorizations.clear();
        OidcTestProvider.tokenRequests.clear();
        OidcTestProvider.tokenRefusals.clear();
    }

    /** What a browser gets from /auth/oidc/start: the provider URL and the state cookie. */
    private record Started(URI authorize, String stateCookie, String setCookie) {
    }

    private Started start(String query) {
        Response response = given().redirects().follow(false).when().get("/auth/oidc/start" + query);
        response.then().statusCode(302);
        return new Started(URI.create(response.header("Location")), response.cookie(OidcState.COOKIE), response.header("Set-Cookie"));
    }

    /** The provider's answer to the browser: the redirect back to the gateway's callback. */
    private URI provider(URI authorize) throws Exception {
        HttpResponse<Void> answer = browser.send(HttpRequest.newBuilder(authorize).GET().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(302);
        return URI.create(answer.headers().firstValue("Location").orElseThrow());
    }

    private Response callback(URI back, String stateCookie) {
        return given().redirects().follow(false).cookie(OidcState.COOKIE, stateCookie)
                .when().get("/auth/oidc/callback?" + back.getRawQuery());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return values;
    }

    @Test
    void shouldSignInThroughTheProviderWithPkceAndSetTheSessionCookie() throws Exception {
        Started started = start("?next=/app/requests");

        Map<String, String> asked = query(started.authorize());
        assertThat(started.authorize().toString()).startsWith(OidcTestProvider.issuer() + "/authorize?");
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", OidcTestProvider.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256").containsEntry("scope", "openid profile email")
                .doesNotContainKey("max_age").doesNotContainKey("acr_values");
        assertThat(asked.get("redirect_uri")).endsWith("/auth/oidc/callback");
        assertThat(asked.get("state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(asked.get("nonce")).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(asked.get("state"));
        assertThat(started.setCookie()).startsWith(OidcState.COOKIE + "=")
                .endsWith("; Max-Age=600; Path=/auth/oidc/; HttpOnly; SameSite=Lax");

        Response done = callback(provider(started.authorize()), started.stateCookie());

        done.then().statusCode(303);
        assertThat(done.header("Location")).endsWith("/app/requests");
        String session = done.cookie(SessionCookie.NAME);
        assertThat(done.headers().getValues("Set-Cookie")).anyMatch(c -> c.matches(
                        SessionCookie.NAME + "=eyJ[^;]+; Max-Age=(29\\d|300); Path=/; HttpOnly; SameSite=Strict"))
                .anyMatch(c -> c.startsWith(OidcState.COOKIE + "=; Max-Age=0; Path=/auth/oidc/"));
        Map<String, String> exchange = OidcTestProvider.tokenRequests.get(0);
        assertThat(exchange).containsEntry("grant_type", "authorization_code").containsEntry("redirect_uri", asked.get("redirect_uri"));
        assertThat(OidcTestProvider.s256(exchange.get("code_verifier"))).isEqualTo(asked.get("code_challenge"));
        assertThat(OidcTestProvider.tokenRefusals).isEmpty();
        given().cookie(SessionCookie.NAME, session).when().get("/auth/session").then().statusCode(200)
                .body("subject", equalTo("olga")).body("role", equalTo("resident")).body("name", equalTo("Olga Provider"))
                .body("mfa", equalTo(false));
        given().when().get("/auth/providers").then().body("oidc", equalTo(true)).body("devIssuer", equalTo(false));
    }

    @Test
    void shouldAskForAFreshMfaSignInOnStepUp() throws Exception {
        Started started = start("?step-up=true&next=/app/");

        Map<String, String> asked = query(started.authorize());
        assertThat(asked).containsEntry("max_age", "0").containsEntry("acr_values", "mfa").containsEntry("prompt", "login");
        Response done = callback(provider(started.authorize()), started.stateCookie());
        given().cookie(SessionCookie.NAME, done.cookie(SessionCookie.NAME)).when().get("/auth/session").then()
                .statusCode(200).body("mfa", equalTo(true));
    }

    @Test
    void shouldRefuseAForgedOrMismatchedStateWithoutCallingTheProvider() throws Exception {
        Started started = start("");
        URI back = provider(started.authorize());
        String forged = started.stateCookie().substring(0, started.stateCookie().length() - 2) + "AA";

        Response tampered = callback(back, forged);
        Response missing = given().redirects().follow(false).when().get("/auth/oidc/callback?" + back.getRawQuery());
        Started other = start("");
        Response crossed = callback(back, other.stateCookie());

        for (Response refused : List.of(tampered, missing, crossed)) {
            refused.then().statusCode(303);
            assertThat(refused.header("Location")).endsWith("/signin/?error=oidc_state_invalid");
            assertThat(refused.cookie(SessionCookie.NAME)).isNull();
        }
        assertThat(OidcTestProvider.tokenRequests).isEmpty();
    }

    @Test
    void shouldRefuseAReusedCodeAndAForeignNonce() throws Exception {
        Started started = start("");
        URI back = provider(started.authorize());
        callback(back, started.stateCookie()).then().statusCode(303);

        Response replay = callback(back, started.stateCookie());

        assertThat(replay.header("Location")).endsWith("/signin/?error=oidc_exchange_failed");
        assertThat(replay.cookie(SessionCookie.NAME)).isNull();
        assertThat(OidcTestProvider.tokenRefusals).containsExactly("invalid_grant");

        OidcTestProvider.wrongNonce = true;
        Started again = start("");
        Response foreignNonce = callback(provider(again.authorize()), again.stateCookie());
        assertThat(foreignNonce.header("Location")).endsWith("/signin/?error=oidc_token_invalid");
        assertThat(foreignNonce.cookie(SessionCookie.NAME)).isNull();
    }

    @Test
    void shouldRefuseATokenWithoutARoleAndAProviderDenial() throws Exception {
        OidcTestProvider.user = new String[]{"nobody", "guest"};
        Started started = start("");
        Response roleless = callback(provider(started.authorize()), started.stateCookie());
        assertThat(roleless.header("Location")).endsWith("/signin/?error=oidc_role_missing");
        assertThat(roleless.cookie(SessionCookie.NAME)).isNull();

        Started denied = start("");
        String state = query(denied.authorize()).get("state");
        Response cancelled = given().redirects().follow(false).cookie(OidcState.COOKIE, denied.stateCookie())
                .queryParam("error", "access_denied").queryParam("state", state).when().get("/auth/oidc/callback");
        assertThat(cancelled.header("Location")).endsWith("/signin/?error=oidc_denied");
    }
}
