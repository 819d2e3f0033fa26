package io.chaperone.relay;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Locale;
import java.util.Set;

/**
 * The Origin allow-list of the browser-facing legs and of cookie-authenticated requests: the configured exact
 * origins ({@code chaperone.relay.allowed-origins}) plus the gateway's own origin, the request's scheme and
 * {@code Host} (so pages the gateway serves work on any host and port). Missing and {@code null} never pass.
 * Stateless: every node decides alike.
 */
@ApplicationScoped
public class Origins {

    private final Set<String> allowed;

    @Inject
    Origins(RelayConfig config) {
        this.allowed = Set.copyOf(config.allowedOrigins());
    }

    /** Only the configured list: for callers that have no request at hand. */
    public boolean allows(String origin) {
        return present(origin) && allowed.contains(origin);
    }

    /** The request's {@code Origin} is configured or is the gateway's own origin as this request reached it. */
    public boolean allows(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        return allows(origin) || (present(origin) && isOwn(origin, request));
    }

    /** {@code scheme://host[:port]} of the request, default ports dropped as browsers do in an Origin. */
    static boolean isOwn(String origin, HttpServerRequest request) {
        String host = request.getHeader("Host");
        String scheme = request.scheme();
        if (host == null || host.isEmpty() || scheme == null) {
            return false;
        }
        String own = withoutDefaultPort(scheme.toLowerCase(Locale.ROOT) + "://" + host.toLowerCase(Locale.ROOT));
        return own.equals(withoutDefaultPort(origin.toLowerCase(Locale.ROOT)));
    }

    private static String withoutDefaultPort(String origin) {
        if (origin.startsWith("http://") && origin.endsWith(":80")) {
            return origin.substring(0, origin.length() - 3);
        }
        if (origin.startsWith("https://") && origin.endsWith(":443")) {
            return origin.substring(0, origin.length() - 4);
        }
        return origin;
    }

    private static boolean present(String origin) {
        return origin != null && !origin.isEmpty() && !"null".equals(origin);
    }
}
