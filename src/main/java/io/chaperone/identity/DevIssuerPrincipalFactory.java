package io.chaperone.identity;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import org.jose4j.jwx.JsonWebStructure;

import java.security.PublicKey;

/**
 * Verifies identity tokens. With the development issuer enabled, the verification key is the dev
 * issuer's in-memory key selected by an exact kid match (the kid is never interpreted); otherwise
 * the standard smallrye-jwt verification of the configured {@code mp.jwt.verify.*} issuer applies
 * unchanged. Issuer, audience, algorithm, expiry and skew checks are the configured ones in both cases.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class DevIssuerPrincipalFactory extends JWTCallerPrincipalFactory {

    private final DefaultJWTCallerPrincipalFactory delegate = new DefaultJWTCallerPrincipalFactory();

    @Inject
    DevIssuer devIssuer;

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        if (!devIssuer.enabled()) {
            return delegate.parse(token, authContextInfo);
        }
        PublicKey key = devIssuer.publicKey(headerKid(token))
                .orElseThrow(() -> new ParseException("unknown signing key"));
        JWTAuthContextInfo pinned = new JWTAuthContextInfo(authContextInfo);
        pinned.setPublicVerificationKey(key);
        pinned.setPublicKeyLocation(null);
        pinned.setPublicKeyContent(null);
        return delegate.parse(token, pinned);
    }

    private static String headerKid(String token) throws ParseException {
        try {
            return JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue();
        } catch (Exception e) {
            throw new ParseException("malformed token");
        }
    }
}
