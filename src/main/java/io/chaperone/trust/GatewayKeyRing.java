package io.chaperone.trust;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's ES256 signing keys. One current key signs; on rotation it retires and stays
 * available for verification until every token it signed has expired plus {@link #RETENTION_GRACE},
 * then it is dropped (checked lazily against the injected clock). Keys are generated at start, or
 * read from {@code chaperone.keys.signing-keys-location} so that several nodes share them; in that
 * case a rotation re-reads the location and the last listed key becomes current.
 */
// Created at startup: key generation and reading key files must not happen on an event loop.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class GatewayKeyRing implements PublishedKeySource {

    /** Kept after a retired key's last token expired: the identity skew, so no edge case is lost. */
    static final Duration RETENTION_GRACE = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(GatewayKeyRing.class);

    private final Map<String, RingKey> byKid = new ConcurrentHashMap<>();
    private volatile RingKey current;
    private long timerId = -1;

    @Inject
    Clock clock;
    @Inject
    KeysConfig config;
    @Inject
    Vertx vertx;

    void onStart(@Observes StartupEvent event) {
        if (config.rotationPeriod().isNegative() || config.rotationPeriod().isZero()) {
            throw new IllegalStateException("chaperone.keys.rotation-period must be positive");
        }
        rotateNow();
        long period = config.rotationPeriod().toMillis();
        // Key generation and file reads stay off the event loop.
        timerId = vertx.setPeriodic(period, period, id -> vertx.executeBlocking(() -> {
            rotateNow();
            return null;
        }, false));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /**
     * Makes a new key current (or, with a configured location, re-reads it). The previous key keeps
     * verifying what it signed. For tests and the operations endpoint; the timer calls it too.
     */
    public synchronized void rotateNow() {
        Instant now = clock.instant();
        Optional<String> location = config.signingKeysLocation().filter(s -> !s.isBlank());
        if (location.isPresent()) {
            reload(SigningKeyFiles.read(Path.of(location.get())), now);
        } else {
            install(new RingKey(SigningKeyFiles.generate()), now);
        }
        prune(now);
        LOG.infof("signing key rotated, current kid %s, %d key(s) verifying", current.kid(), byKid.size());
    }

    private void install(RingKey fresh, Instant now) {
        RingKey previous = current;
        byKid.put(fresh.kid(), fresh);
        current = fresh;
        if (previous != null && !previous.kid().equals(fresh.kid())) {
            previous.retire(now);
        }
    }

    private void reload(List<EllipticCurveJsonWebKey> listed, Instant now) {
        Set<String> listedKids = new HashSet<>();
        RingKey last = null;
        for (EllipticCurveJsonWebKey jwk : listed) {
            RingKey key = byKid.computeIfAbsent(jwk.getKeyId(), kid -> new RingKey(jwk));
            key.reinstate();
            listedKids.add(key.kid());
            last = key;
        }
        current = last;
        byKid.values().stream().filter(k -> !listedKids.contains(k.kid())).forEach(k -> k.retire(now));
    }

    /** The kid the next token will carry. */
    /** Whether a current signing key is loaded (readiness: no connect ticket can be issued without one). */
    public boolean hasCurrentKey() {
        return current != null;
    }

    public String currentKid() {
        return current.kid();
    }

    /** The verification key of exactly this kid (never interpreted), if it is still kept. */
    public Optional<PublicKey> verificationKey(String kid) {
        if (kid == null) {
            return Optional.empty();
        }
        RingKey key = byKid.get(kid);
        if (key == null) {
            return Optional.empty();
        }
        if (key.droppable(clock.instant(), RETENTION_GRACE)) {
            byKid.remove(kid, key);
            return Optional.empty();
        }
        return Optional.of(key.publicKey());
    }

    /**
     * Signs {@code claims} (which must carry {@code exp}) as a compact ES256 JWS with the current
     * key, explicit {@code typ} and {@code kid}. The expiry is remembered to keep the key long enough.
     */
    public String sign(String typ, JwtClaims claims) {
        RingKey key = current;
        try {
            NumericDate exp = claims.getExpirationTime();
            if (exp == null) {
                throw new IllegalArgumentException("a gateway token must expire");
            }
            key.recordSigned(Instant.ofEpochMilli(exp.getValueInMillis()));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            jws.setHeader("typ", typ);
            jws.setKeyIdHeaderValue(key.kid());
            jws.setKey(key.privateKey());
            return jws.getCompactSerialization();
        } catch (MalformedClaimException | JoseException e) {
            throw new IllegalStateException("cannot sign a gateway token", e);
        }
    }

    /** Public JWKs of the current key and of every retired key that is still kept, current first. */
    @Override
    public List<Map<String, Object>> publishedKeys() {
        prune(clock.instant());
        RingKey signing = current;
        List<Map<String, Object>> keys = new ArrayList<>();
        keys.add(signing.publicJwk());
        byKid.values().stream().filter(k -> k != signing).forEach(k -> keys.add(k.publicJwk()));
        return keys;
    }

    private void prune(Instant now) {
        byKid.values().removeIf(k -> k != current && k.droppable(now, RETENTION_GRACE));
    }
}
