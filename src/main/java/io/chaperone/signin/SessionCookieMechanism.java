package io.chaperone.signin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Authenticates a request by its {@link SessionCookie} when it has no {@code Authorization} header: the header
 * always wins (smallrye-jwt's own mechanism reads it), so API clients and the technician's connect ticket are
 * unaffected. The token is verified by the same smallrye-jwt validator as a Bearer token, for REST and WebSocket
 * upgrades alike. (smallrye-jwt's {@code mp.jwt.token.header=Cookie} would let the cookie win over the header.)
 */
@ApplicationScoped
public class SessionCookieMechanism implements HttpAuthenticationMechanism {

    /** Just below smallrye-jwt's mechanism (1000), whose Bearer challenge then answers a 401. */
    private static final int PRIORITY = DEFAULT_PRIORITY - 1;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = cookieToken(context);
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        AuthenticationRequest request = new TokenAuthenticationRequest(new JsonWebTokenCredential(token));
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    /** The cookie's token for a request without an Authorization header, else null. */
    static String cookieToken(RoutingContext context) {
        if (context.request().headers().contains(HttpHeaderNames.AUTHORIZATION)) {
            return null;
        }
        Cookie cookie = context.request().getCookie(SessionCookie.NAME);
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, SessionCookie.NAME));
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
