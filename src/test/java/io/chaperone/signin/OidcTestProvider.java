package io.chaperone.signin;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A small but real OIDC provider for the gateway's OIDC tests: a Vert.x HTTP server on a free port with discovery,
 * JWKS, an authorization endpoint that signs {@link #user} in at once (a provider whose login already happened) and
 * redirects back with a single-use code, and a token endpoint that checks the client's secret, the redirect URI and
 * the PKCE S256 verifier before it signs an RS256 access token (aud chaperone) and ID token (aud the client, nonce).
 */
public class OidcTestProvider implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "chaperone-gateway";
    static final String CLIENT_SECRET = "s3cret-of-the-client";
    static final String STATE_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    /** Who "signs in" at the next authorization (subject, role). */
    static volatile String[] user = {"olga", "resident"};
    /** Set to make the next ID token carry a wrong nonce. */
    static volatile boolean wrongNonce;
    /** Every authorization request's query, every token request's form (for assertions). */
    static final List<Map<String, String>> authorizations = new CopyOnWriteArrayList<>();
    static final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    static final List<String> tokenRefusals = new CopyOnWriteArrayList<>();

    private static String issuer;
    private static final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    private static Vertx vertx;
    private static RsaJsonWebKey key;
    private static Map<String, String> config;

    // One provider per JVM: Quarkus may start a profile's resources more than once, and every start must describe the
    // same server and key.
    @Override
    public synchronized Map<String, String> start() {
        if (config != null) {
            return config;
        }
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("test-oidc-" + UUID.randomUUID());
            vertx = Vertx.vertx();
            HttpServer server = vertx.createHttpServer().requestHandler(OidcTestProvider::handle);
            int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            issuer = "http://127.0.0.1:" + port + "/realms/test";
        } catch (Exception e) {
            throw new IllegalStateException("the test OIDC provider did not start", e);
        }
        // %test.-prefixed too: application.properties sets these for the test profile, and a profile's key wins
        config = Map.ofEntries(
                Map.entry("%test.chaperone.dev-issuer.enabled", "false"),
                Map.entry("%test.mp.jwt.verify.issuer", issuer),
                Map.entry("chaperone.oidc.enabled", "true"),
                Map.entry("chaperone.oidc.issuer", issuer),
                Map.entry("chaperone.oidc.client-id", CLIENT_ID),
                Map.entry("chaperone.oidc.client-secret", CLIENT_SECRET),
                Map.entry("chaperone.oidc.state-key", STATE_KEY),
                Map.entry("chaperone.dev-issuer.enabled", "false"),
                Map.entry("mp.jwt.verify.issuer", issuer),
                // the key itself, not its location: in test mode Quarkus generates a verification key when the build
                // sees none configured, and a configured key wins over a location (SRJWT03007); prod reads the JWKS URL
                Map.entry("mp.jwt.verify.publickey", new JsonWebKeySet(key).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        return config;
    }

    @Override
    public synchronized void stop() {
        if (vertx != null) {
            vertx.close();
            vertx = null;
            config = null;
        }
    }

    static String issuer() {
        return issuer;
    }

    private static void handle(HttpServerRequest request) {
        String path = request.path().substring("/realms/test".length());
        switch (path) {
            case "/.well-known/openid-configuration" -> json(request, 200, new JsonObject()
                    .put("issuer", issuer).put("authorization_endpoint", issuer + "/authorize")
                    .put("token_endpoint", issuer + "/token").put("jwks_uri", issuer + "/jwks")
                    .put("end_session_endpoint", issuer + "/logout"));
            case "/jwks" -> { request.response().putHeader("Content-Type", "application/json")
                    .end(new JsonWebKeySet(key).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY)); }
            case "/authorize" -> authorize(request);
            case "/token" -> request.body().onSuccess(body -> token(request, body.toString()));
            default -> request.response().setStatusCode(404).end();
        }
    }

    private static void authorize(HttpServerRequest request) {
        Map<String, String> query = new java.util.HashMap<>();
        request.params().forEach(e -> query.put(e.getKey(), e.getValue()));
        authorizations.add(Map.copyOf(query));
        String code = UUID.randomUUID().toString();
        Map<String, String> grant = new java.util.HashMap<>(query);
        grant.put("sub", user[0]);
        grant.put("role", user[1]);
        codes.put(code, grant);
        request.response().setStatusCode(302).putHeader("Location", query.get("redirect_uri") + "?code=" + code
                + "&state=" + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8)).end();
    }

    private static void token(HttpServerRequest request, String body) {
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        tokenRequests.add(Map.copyOf(form));
        String expectedBasic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, String> grant = codes.remove(form.getOrDefault("code", ""));   // single use
        String refusal = !expectedBasic.equals(request.getHeader("Authorization")) ? "invalid_client"
                : grant == null ? "invalid_grant"
                : !"authorization_code".equals(form.get("grant_type")) ? "unsupported_grant_type"
                : !grant.get("redirect_uri").equals(form.get("redirect_uri")) ? "invalid_grant:redirect_uri"
                : !"S256".equals(grant.get("code_challenge_method")) || !s256(form.getOrDefault("code_verifier", "")).equals(grant.get("code_challenge"))
                ? "invalid_grant:pkce" : null;
        if (refusal != null) {
            tokenRefusals.add(refusal);
            json(request, 400, new JsonObject().put("error", refusal));
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        boolean mfa = "mfa".equals(grant.get("acr_values"));
        JwtClaims access = claims(grant.get("sub"), "chaperone", now);
        access.setStringListClaim("groups", grant.get("role"));
        access.setClaim("acr", mfa ? "mfa" : "pwd");
        access.setClaim("auth_time", now);
        access.setClaim("name", "Olga Provider");
        JwtClaims id = claims(grant.get("sub"), CLIENT_ID, now);
        id.setClaim("nonce", wrongNonce ? "not-" + grant.get("nonce") : grant.get("nonce"));
        json(request, 200, new JsonObject().put("access_token", sign(access)).put("id_token", sign(id))
                .put("token_type", "Bearer").put("expires_in", 300));
    }

    private static JwtClaims claims(String subject, String audience, long now) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(subject);
        claims.setAudience(audience);
        claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(now));
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(now + 300));
        claims.setGeneratedJwtId();
        return claims;
    }

    private static String sign(JwtClaims claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setKey(key.getPrivateKey());
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void json(HttpServerRequest request, int status, JsonObject body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
