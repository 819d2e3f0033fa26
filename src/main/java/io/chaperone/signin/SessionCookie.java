package io.chaperone.signin;

import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;

/**
 * The browser's session: cookie {@code chaperone_session} holding the access token itself (the JWT the API accepts
 * as a Bearer token), so any node verifies it with no server-side session state. {@code HttpOnly} keeps it away
 * from page scripts, {@code SameSite=Strict} off cross-site requests, {@code Secure} whenever the request came
 * over https, and it lives exactly as long as the token.
 */
public final class SessionCookie {

    public static final String NAME = "chaperone_session";

    private SessionCookie() {
    }

    /** The {@code Set-Cookie} value that stores the token for {@code lifetime} (rounded down to whole seconds). */
    public static String set(String token, Duration lifetime, HttpServerRequest request) {
        return NAME + "=" + token + attributes(Math.max(0, lifetime.toSeconds()), request);
    }

    /** The {@code Set-Cookie} value that removes it. */
    public static String cleared(HttpServerRequest request) {
        return NAME + "=" + attributes(0, request);
    }

    private static String attributes(long maxAgeSeconds, HttpServerRequest request) {
        return "; Max-Age=" + maxAgeSeconds + "; Path=/; HttpOnly; SameSite=Strict" + (secure(request) ? "; Secure" : "");
    }

    static boolean secure(HttpServerRequest request) {
        return request.isSSL() || "https".equalsIgnoreCase(request.scheme());
    }
}
