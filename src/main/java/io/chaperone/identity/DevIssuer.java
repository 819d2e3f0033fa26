package io.chaperone.identity;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.json.JsonUtil;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The local development issuer: signs identity tokens for demo accounts and tests with an RSA key
 * that lives only in memory. Enabled by {@code chaperone.dev-issuer.enabled}; never outside the demo, dev
 * and test profiles (see {@link ProdGuard}).
 */
// Created at startup on the main thread: RSA key generation takes too long for an event loop.
@Startup
@Singleton
public class DevIssuer {

    private final boolean enabled;
    private final String issuer;
    private final String kid;
    private final KeyPair keyPair;

    DevIssuer(@ConfigProperty(name = "chaperone.dev-issuer.enabled") boolean enabled,
              @ConfigProperty(name = "chaperone.dev-issuer.issuer") String issuer) {
        this.enabled = enabled;
        this.issuer = issuer;
        this.kid = "dev-" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 6);
        this.keyPair = enabled ? generate() : null;
    }

    public boolean enabled() { return enabled; }

    public String issuer() { return issuer; }

    public String kid() { return kid; }

    /** The verification key for a token header's kid; empty for any other kid. */
    public Optional<PublicKey> publicKey(String tokenKid) {
        return enabled && kid.equals(tokenKid) ? Optional.of(keyPair.getPublic()) : Optional.empty();
    }

    /** Signs an identity token as an OIDC provider would after a login. */
    public String issue(DevToken spec) {
        if (!enabled) {
            throw new IllegalStateException("the development issuer is disabled");
        }
        Instant now = spec.issuedAt();
        JwtClaimsBuilder claims = Jwt.claims()
                .issuer(issuer)
                .audience(spec.audience())
                .subject(spec.subject())
                .groups(spec.role())
                .issuedAt(now)
                .expiresAt(now.plus(spec.lifetime()))
                .claim("name", spec.name())
                .claim("email", spec.email())
                .claim("auth_time", spec.authTime().getEpochSecond())
                .claim("acr", spec.mfa() ? "mfa" : "pwd")
                .claim("amr", spec.mfa() ? List.of("pwd", "otp") : List.of("pwd"));
        spec.org().ifPresent(org -> claims.claim("org", org));
        return claims.jws().keyId(kid).sign(keyPair.getPrivate());
    }

    /**
     * Signs arbitrary claims (and extra JOSE headers) with the dev issuer's RS256 key and kid, so that
     * tests can probe the token checks with otherwise valid signatures: wrong iss/aud, time claims at
     * the skew boundary, missing sub, hostile headers. For tests of the development issuer only;
     * works only while it is enabled, like {@link #issue}.
     */
    public String signClaims(Map<String, Object> claims, Map<String, Object> extraHeaders) {
        if (!enabled) {
            throw new IllegalStateException("the development issuer is disabled");
        }
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(JsonUtil.toJson(claims));
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setKeyIdHeaderValue(kid);
            jws.setHeader("typ", "JWT");
            extraHeaders.forEach((name, value) -> jws.getHeaders().setObjectHeaderValue(name, value));
            jws.setKey(keyPair.getPrivate());
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign the claims", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /** What a development token says. */
    public record DevToken(String subject, String role, Optional<String> org, String name, String email,
                           boolean mfa, Instant authTime, Instant issuedAt, Duration lifetime, String audience) {

        public static DevToken of(String subject, String role, Optional<String> org, boolean mfa, Instant now) {
            return new DevToken(subject, role, org, subject, subject + "@example.test", mfa, now, now,
                    Duration.ofMinutes(15), "chaperone");
        }
    }
}
