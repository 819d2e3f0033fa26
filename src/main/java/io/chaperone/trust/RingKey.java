package io.chaperone.trust;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One ES256 key of the {@link GatewayKeyRing}. It remembers the latest expiry it ever signed so
 * that, once retired, it is kept exactly as long as a token it signed can still be presented.
 */
final class RingKey {

    static final String ALGORITHM = "ES256";

    private final String kid;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Map<String, Object> publicJwk;
    private final AtomicLong signedUntilMillis = new AtomicLong(Long.MIN_VALUE);
    private volatile Instant retiredAt;

    RingKey(EllipticCurveJsonWebKey jwk) {
        this.kid = jwk.getKeyId();
        this.privateKey = jwk.getPrivateKey();
        this.publicKey = jwk.getPublicKey();
        jwk.setAlgorithm(ALGORITHM);
        jwk.setUse("sig");
        this.publicJwk = Map.copyOf(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    String kid() { return kid; }

    PrivateKey privateKey() { return privateKey; }

    PublicKey publicKey() { return publicKey; }

    Map<String, Object> publicJwk() { return publicJwk; }

    void recordSigned(Instant expiresAt) {
        signedUntilMillis.accumulateAndGet(expiresAt.toEpochMilli(), Math::max);
    }

    void retire(Instant at) {
        if (retiredAt == null) {
            retiredAt = at;
        }
    }

    /** Back in service (a configured key listed again): never dropped while listed. */
    void reinstate() { retiredAt = null; }

    boolean retired() { return retiredAt != null; }

    /** A retired key is dropped once it retired and all its tokens expired, plus {@code grace}. */
    boolean droppable(Instant now, Duration grace) {
        Instant retired = retiredAt;
        if (retired == null) {
            return false;
        }
        Instant lastUse = Instant.ofEpochMilli(Math.max(retired.toEpochMilli(), signedUntilMillis.get()));
        return !now.isBefore(lastUse.plus(grace));
    }
}
