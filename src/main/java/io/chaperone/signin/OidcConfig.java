package io.chaperone.signin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Production sign-in through an OIDC provider: authorization code with PKCE, the gateway as the confidential client
 * (docs/operations.md "Sign-in with an OIDC provider", ADR 0029). The access token the provider issues must pass the
 * gateway's own smallrye-jwt verification ({@code mp.jwt.verify.*}) like any Bearer token.
 */
@ConfigMapping(prefix = "chaperone.oidc")
public interface OidcConfig {

    /** Off: the sign-in page offers only the development issuer (where a profile enables it). */
    @WithDefault("false")
    boolean enabled();

    /** The provider's issuer URL; its discovery document is {@code <issuer>/.well-known/openid-configuration}. */
    Optional<String> issuer();

    Optional<String> clientId();

    /** The client secret (client_secret_basic at the token endpoint), from a Secret in production. */
    Optional<String> clientSecret();

    /**
     * The callback URL registered at the provider; unset: {@code <scheme>://<Host>/auth/oidc/callback} of the request
     * that started the sign-in (behind a proxy enable forwarded-header handling or set this).
     */
    Optional<String> redirectUri();

    @WithDefault("openid,profile,email")
    List<String> scopes();

    /** {@code acr_values} asked for at a step-up sign-in (with {@code max_age=0}); must name an MFA level. */
    @WithDefault("mfa")
    String stepUpAcr();

    /**
     * Base64 of at least 32 random bytes, the same on every node: signs the short-lived cookie that carries state,
     * nonce and PKCE verifier to the callback, so the callback may land on any node.
     */
    Optional<String> stateKey();

    /** How long a sign-in may take between the redirect to the provider and the callback. */
    @WithDefault("PT10M")
    Duration stateLifetime();

    /** Connect and read timeout of the discovery and token requests. */
    @WithDefault("PT5S")
    Duration timeout();
}
