package io.chaperone.signin;

import io.chaperone.identity.Role;
import io.chaperone.signin.OidcProvider.OidcException;
import io.chaperone.signin.OidcProvider.Tokens;
import io.chaperone.web.ProblemException;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.json.JsonString;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * OIDC sign-in (authorization code + PKCE S256, ADR 0029). {@code GET /auth/oidc/start?next=&step-up=} sends the
 * browser to the provider with a fresh state, nonce and code challenge, kept in the signed {@link OidcState} cookie;
 * {@code GET /auth/oidc/callback} checks state, exchanges the code as the confidential client, verifies the access
 * token with the gateway's smallrye-jwt configuration and the ID token's audience and nonce, then sets the same
 * {@link SessionCookie} as every sign-in. Failures go back to {@code /signin/?error=<code>}. 404 while disabled.
 * Worker threads (plain return types): the provider calls block.
 */
@Path("/auth/oidc")
public class OidcSignInResource {

    private static final Logger LOG = Logger.getLogger(OidcSignInResource.class);
    private static final String CALLBACK = "/auth/oidc/callback";

    @Inject
    OidcConfig config;
    @Inject
    OidcProvider provider;
    @Inject
    JWTParser parser;
    @Inject
    JWTAuthContextInfo authContext;
    @Inject
    Clock clock;

    @GET
    @Path("/start")
    public Response start(@QueryParam("next") String next, @QueryParam("step-up") boolean stepUp,
                          @Context HttpServerRequest http) {
        byte[] key = requireEnabled();
        OidcState state = OidcState.fresh(SafeNext.of(next), stepUp, clock.instant().plus(config.stateLifetime()));
        try {
            String location = provider.authorizationUrl(state, redirectUri(http));
            return Response.status(302).location(URI.create(location))
                    .header(HttpHeaders.SET_COOKIE, stateCookie(state.seal(key), config.stateLifetime(), http)).build();
        } catch (OidcException e) {
            LOG.warnf("OIDC sign-in cannot start: %s", e.getMessage());
            return failed(e.code(), http);
        }
    }

    @GET
    @Path("/callback")
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String stateParam,
                             @QueryParam("error") String error, @Context HttpServerRequest http) {
        byte[] key = requireEnabled();
        Cookie sealed = http.getCookie(OidcState.COOKIE);
        Optional<OidcState> state = OidcState.open(sealed == null ? null : sealed.getValue(), key, clock.instant());
        if (state.isEmpty() || stateParam == null || !constantTimeEquals(state.get().state(), stateParam)) {
            return failed("oidc_state_invalid", http);
        }
        if (error != null || code == null || code.isEmpty()) {
            return failed("oidc_denied", http);   // the person cancelled or the provider refused
        }
        try {
            Tokens tokens = provider.exchange(code, state.get(), redirectUri(http));
            JsonWebToken access = verified(tokens, state.get());
            Duration lifetime = Duration.between(clock.instant(), Instant.ofEpochSecond(access.getExpirationTime()));
            return Response.seeOther(URI.create(state.get().next()))
                    .header(HttpHeaders.SET_COOKIE, SessionCookie.set(tokens.accessToken(), lifetime, http))
                    .header(HttpHeaders.SET_COOKIE, stateCookie("", Duration.ZERO, http)).build();
        } catch (OidcException e) {
            LOG.warnf("OIDC sign-in refused (%s): %s", e.code(), e.getMessage());
            return failed(e.code(), http);
        }
    }

    /** The access token as the API will verify it, and the ID token bound to this sign-in by audience and nonce. */
    private JsonWebToken verified(Tokens tokens, OidcState state) throws OidcException {
        JsonWebToken access;
        JsonWebToken id;
        try {
            access = parser.parse(tokens.accessToken());
        } catch (ParseException e) {
            // only smallrye-jwt's own message: the cause's (jose4j) quotes the token
            throw new OidcException("oidc_token_invalid", "the access token failed verification: " + e.getMessage());
        }
        try {
            // Built through getters: the injected context is a client proxy, whose fields a copy constructor would read empty
            JWTAuthContextInfo idContext = new JWTAuthContextInfo(authContext.getPublicKeyLocation(), authContext.getIssuedBy());
            idContext.setPublicKeyContent(authContext.getPublicKeyContent());
            idContext.setPublicVerificationKey(authContext.getPublicVerificationKey());
            idContext.setSignatureAlgorithm(authContext.getSignatureAlgorithm());
            idContext.setClockSkew(authContext.getClockSkew());
            idContext.setExpectedAudience(Set.of(provider.clientId()));
            id = parser.parse(tokens.idToken().orElseThrow(() -> new OidcException("oidc_token_invalid", "no ID token")), idContext);
        } catch (ParseException e) {
            // only smallrye-jwt's own message: the cause's (jose4j) quotes the token
            throw new OidcException("oidc_token_invalid", "the ID token failed verification: " + e.getMessage());
        }
        if (!constantTimeEquals(state.nonce(), stringClaim(id, "nonce"))
                || !Objects.equals(id.getSubject(), access.getSubject())) {
            throw new OidcException("oidc_token_invalid", "the ID token does not belong to this sign-in");
        }
        if (Role.fromGroups(access.getGroups() == null ? Set.of() : access.getGroups()).isEmpty()) {
            throw new OidcException("oidc_role_missing", "the token names none or several of resident, technician, ops");
        }
        return access;
    }

    private byte[] requireEnabled() {
        if (!config.enabled()) {
            throw ProblemException.notFound("resource");
        }
        return Base64.getDecoder().decode(config.stateKey().orElseThrow());
    }

    private String redirectUri(HttpServerRequest http) {
        return config.redirectUri().orElseGet(() -> http.scheme() + "://" + http.getHeader("Host") + CALLBACK);
    }

    private static Response failed(String code, HttpServerRequest http) {
        return Response.seeOther(URI.create("/signin/?error=" + URLEncoder.encode(code, StandardCharsets.UTF_8)))
                .header(HttpHeaders.SET_COOKIE, stateCookie("", Duration.ZERO, http)).build();
    }

    /** SameSite=Lax: the provider's redirect back is a cross-site top-level navigation, which Strict would strip. */
    private static String stateCookie(String value, Duration lifetime, HttpServerRequest http) {
        return OidcState.COOKIE + "=" + value + "; Max-Age=" + lifetime.toSeconds() + "; Path=/auth/oidc/; HttpOnly; SameSite=Lax"
                + (SessionCookie.secure(http) ? "; Secure" : "");
    }

    /** A string claim's value (smallrye-jwt hands out custom claims as JSON values). */
    private static String stringClaim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        return value instanceof JsonString json ? json.getString() : value instanceof String text ? text : "";
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
