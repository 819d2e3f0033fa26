package io.chaperone.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The gateway's calls to the OIDC provider: discovery (read once per node and kept; it changes only with the
 * provider's deployment, and every node reads the same document) and the authorization-code exchange as a
 * confidential client (client_secret_basic, with the PKCE verifier). Blocking: called from worker threads only.
 * Never logs a code, a secret or a token.
 */
@ApplicationScoped
public class OidcProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OidcConfig config;

    private volatile Endpoints endpoints;
    private HttpClient http;

    /** The provider's endpoints from its discovery document. */
    public record Endpoints(String issuer, String authorization, String token, Optional<String> endSession) {
    }

    /** What the token endpoint answered. */
    public record Tokens(String accessToken, Optional<String> idToken) {
    }

    public static final class OidcException extends Exception {
        private final String code;

        OidcException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() { return code; }
    }

    Endpoints endpoints() throws OidcException {
        Endpoints known = endpoints;
        if (known != null) {
            return known;
        }
        String issuer = config.issuer().orElseThrow(() -> new OidcException("oidc_unavailable", "chaperone.oidc.issuer is not set"));
        String url = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        JsonNode doc = send(HttpRequest.newBuilder(URI.create(url)).GET(), "oidc_unavailable");
        known = new Endpoints(text(doc, "issuer"), text(doc, "authorization_endpoint"), text(doc, "token_endpoint"),
                Optional.ofNullable(doc.get("end_session_endpoint")).map(JsonNode::asText));
        if (known.authorization() == null || known.token() == null) {
            throw new OidcException("oidc_unavailable", "the discovery document lacks endpoints");
        }
        endpoints = known;
        return known;
    }

    /** The URL that sends the browser to the provider's sign-in. */
    String authorizationUrl(OidcState state, String redirectUri) throws OidcException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", String.join(" ", config.scopes()));
        query.put("state", state.state());
        query.put("nonce", state.nonce());
        query.put("code_challenge", state.challenge());
        query.put("code_challenge_method", "S256");
        if (state.stepUp()) {
            // RFC 9470: a fresh sign-in (max_age=0) at the MFA level
            query.put("max_age", "0");
            query.put("acr_values", config.stepUpAcr());
            query.put("prompt", "login");
        }
        String base = endpoints().authorization();
        return base + (base.contains("?") ? "&" : "?") + form(query);
    }

    /** Exchanges the code (with the PKCE verifier) for tokens. */
    Tokens exchange(String code, OidcState state, String redirectUri) throws OidcException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri);
        body.put("code_verifier", state.verifier());
        body.put("client_id", clientId());
        String basic = Base64.getEncoder().encodeToString((encode(clientId()) + ":"
                + encode(config.clientSecret().orElse(""))).getBytes(StandardCharsets.UTF_8));
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(endpoints().token()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form(body))), "oidc_exchange_failed");
        String accessToken = text(answer, "access_token");
        if (accessToken == null) {
            throw new OidcException("oidc_exchange_failed", "the token endpoint returned no access token");
        }
        return new Tokens(accessToken, Optional.ofNullable(text(answer, "id_token")));
    }

    String clientId() throws OidcException {
        return config.clientId().orElseThrow(() -> new OidcException("oidc_unavailable", "chaperone.oidc.client-id is not set"));
    }

    private JsonNode send(HttpRequest.Builder request, String failureCode) throws OidcException {
        try {
            HttpResponse<String> response = client().send(request.timeout(config.timeout())
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new OidcException(failureCode, "the provider answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new OidcException(failureCode, "the provider cannot be reached or answered malformed JSON");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OidcException(failureCode, "interrupted");
        }
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
