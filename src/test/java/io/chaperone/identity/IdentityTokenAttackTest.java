package io.chaperone.identity;

import io.chaperone.consent.SessionState;
import io.chaperone.support.Tokens;
import io.chaperone.trust.SessionFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Hostile identity tokens against {@code GET /api/v1/me}: every one must be refused with 401
 * problem+json {@code unauthenticated}, and the near-boundary ones inside the 30 s skew accepted.
 */
@QuarkusTest
class IdentityTokenAttackTest {

    @Inject
    DevIssuer devIssuer;
    @Inject
    SessionFixture fixture;

    @Test
    void shouldAcceptWellFormedTokenSignedByTheDevIssuer() {
        me(devIssuer.signClaims(claims(), Map.of())).statusCode(200).body("role", equalTo("resident"));
    }

    @Test
    void shouldRefuseUnsignedToken() {
        String header = encode(Map.of("alg", "none", "typ", "JWT", "kid", devIssuer.kid()));

        refused(header + "." + encode(claims()) + ".");
    }

    @Test
    void shouldRefuseHmacTokenKeyedWithTheIssuersPublicKey() throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(JsonUtil.toJson(claims()));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue(devIssuer.kid());
        jws.setKey(new HmacKey(devIssuer.publicKey(devIssuer.kid()).orElseThrow().getEncoded()));

        refused(jws.getCompactSerialization());
    }

    @Test
    void shouldRefuseUnknownKid() {
        refused(devIssuer.signClaims(claims(), Map.of("kid", "not-a-known-key")));
    }

    @Test
    void shouldRefuseInjectedKids() {
        for (String kid : List.of("../../etc/passwd", "' OR 1=1 --", devIssuer.kid() + "' OR '1'='1", "")) {
            refused(devIssuer.signClaims(claims(), Map.of("kid", kid)));
        }
    }

    @Test
    void shouldIgnoreKeysNamedInTheTokenHeader() throws JoseException {
        // Given: an attacker key, offered by URL (jku, x5u) and inline (jwk), under the real kid
        RsaJsonWebKey attacker = RsaJwkGenerator.generateJwk(2048);
        Map<String, Object> attackerJwk = attacker.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(JsonUtil.toJson(claims()));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(devIssuer.kid());
        jws.getHeaders().setObjectHeaderValue("jku", "https://attacker.example/jwks.json");
        jws.getHeaders().setObjectHeaderValue("x5u", "https://attacker.example/cert.pem");
        jws.getHeaders().setObjectHeaderValue("jwk", attackerJwk);
        jws.setKey(attacker.getPrivateKey());

        // When / Then
        refused(jws.getCompactSerialization());
    }

    @Test
    void shouldIgnoreHostileHeadersOnGenuineSignature() {
        // The headers are ignored either way: a genuine signature stays valid, the attacker gains nothing
        Map<String, Object> headers = Map.of("jku", "https://attacker.example/jwks.json");

        me(devIssuer.signClaims(claims(), headers)).statusCode(200);
    }

    @Test
    void shouldRefuseWrongIssuer() {
        refused(devIssuer.signClaims(with("iss", "https://evil.example"), Map.of()));
    }

    @Test
    void shouldRefuseWrongAudience() {
        refused(devIssuer.signClaims(with("aud", "chaperone-connect"), Map.of()));
    }

    @Test
    void shouldRefuseTokenExpiredBeyondTheSkew() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = with("iat", now - 120);
        claims.put("exp", now - 31);

        refused(devIssuer.signClaims(claims, Map.of()));
    }

    @Test
    void shouldAcceptTokenExpiredWithinTheSkew() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = with("iat", now - 120);
        claims.put("exp", now - 29);

        me(devIssuer.signClaims(claims, Map.of())).statusCode(200);
    }

    @Test
    void shouldRefuseTokenNotValidBeforeBeyondTheSkew() {
        refused(devIssuer.signClaims(with("nbf", Instant.now().getEpochSecond() + 31), Map.of()));
    }

    @Test
    void shouldAcceptTokenNotValidBeforeWithinTheSkew() {
        me(devIssuer.signClaims(with("nbf", Instant.now().getEpochSecond() + 29), Map.of())).statusCode(200);
    }

    @Test
    void shouldRefuseTokenWithoutSubject() {
        Map<String, Object> claims = claims();
        claims.remove("sub");

        refused(devIssuer.signClaims(claims, Map.of()));
    }

    @Test
    void shouldRefuseConnectTicketAsIdentityToken() {
        var session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
        String ticket = fixture.connectTicket(session, Optional.empty());

        refused(ticket);
    }

    /** Claims of a valid resident identity token. */
    private Map<String, Object> claims() {
        long now = Instant.now().getEpochSecond();
        String subject = Tokens.unique("resident");
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", devIssuer.issuer());
        claims.put("aud", "chaperone");
        claims.put("sub", subject);
        claims.put("groups", List.of("resident"));
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("name", subject);
        claims.put("email", subject + "@example.test");
        return claims;
    }

    private Map<String, Object> with(String name, Object value) {
        Map<String, Object> claims = claims();
        claims.put(name, value);
        return claims;
    }

    private static ValidatableResponse me(String token) {
        return given().auth().oauth2(token).when().get("/api/v1/me").then();
    }

    private static void refused(String token) {
        me(token).statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
    }

    private static String encode(Map<String, Object> json) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JsonUtil.toJson(json).getBytes(StandardCharsets.UTF_8));
    }
}
