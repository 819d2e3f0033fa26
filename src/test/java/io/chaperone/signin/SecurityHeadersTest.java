package io.chaperone.signin;

import io.chaperone.web.SecurityHeaders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Every response of the public listener carries the browser security headers and is not cached. */
@QuarkusTest
class SecurityHeadersTest {

    private static void secured(ValidatableResponse response) {
        response.header("Content-Security-Policy", equalTo("default-src 'none'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
                        + "frame-ancestors 'none'; base-uri 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("Cross-Origin-Opener-Policy", equalTo("same-origin"))
                .header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void shouldSecurePagesAssetsApiAnswersAndErrors() {
        secured(given().when().get("/").then().statusCode(200).contentType(containsString("text/html")));
        secured(given().when().get("/signin/").then().statusCode(200).body(containsString("<html lang=\"en\">")));
        secured(given().when().get("/assets/api.js").then().statusCode(200).contentType(containsString("javascript")));
        secured(given().when().get("/auth/providers").then().statusCode(200));
        secured(given().when().get("/api/v1/me").then().statusCode(401).body("code", equalTo("unauthenticated")));
        secured(given().when().get("/no/such/page").then().statusCode(404));
        secured(given().when().post("/auth/sign-out").then().statusCode(403).body("code", equalTo("csrf_rejected")));
        org.junit.jupiter.api.Assertions.assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY,
                given().when().get("/").then().extract().header("Content-Security-Policy"));
    }

    @Test
    void shouldNotServeInlineScriptsOrStylesOnTheSharedPages() {
        for (String page : new String[]{"/", "/signin/"}) {
            String html = given().when().get(page).then().statusCode(200).extract().asString();
            org.assertj.core.api.Assertions.assertThat(html)
                    .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                    .doesNotContain("style=").doesNotContain("<style").doesNotContainPattern("\\son[a-z]+=");
        }
    }
}
