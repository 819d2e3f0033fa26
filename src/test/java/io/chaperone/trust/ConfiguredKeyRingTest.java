package io.chaperone.trust;

import io.chaperone.support.MutableClock;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key ring whose keys come from a shared directory (several nodes): the last listed key signs,
 * a rotation re-reads the directory, and a key removed from it retires like a generated one.
 */
class ConfiguredKeyRingTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private GatewayKeyRing ring;

    @BeforeEach
    void ring() {
        ring = new GatewayKeyRing();
        ring.clock = clock;
        ring.config = new KeysConfig() {
            public String issuer() { return "https://gateway.test"; }

            public Duration rotationPeriod() { return Duration.ofHours(24); }

            public Optional<String> signingKeysLocation() { return Optional.of(dir.toString()); }
        };
        clock.pin(Instant.parse("2026-01-01T10:00:00Z"));
    }

    @Test
    void shouldSignWithLastListedKeyAndRetireKeysRemovedFromTheLocation() throws Exception {
        // Given
        EllipticCurveJsonWebKey a = write("a.json");
        ring.rotateNow();
        assertEquals(a.getKeyId(), ring.currentKid());

        // When: a newer key is published next to it
        EllipticCurveJsonWebKey b = write("b.json");
        ring.rotateNow();

        // Then: b signs, a still verifies while listed, even long after
        assertEquals(b.getKeyId(), ring.currentKid());
        clock.advance(Duration.ofDays(2));
        assertTrue(ring.verificationKey(a.getKeyId()).isPresent());

        // When: a is removed from the location
        Files.delete(dir.resolve("a.json"));
        ring.rotateNow();

        // Then: a retires now and goes after the grace (it signed nothing)
        clock.advance(GatewayKeyRing.RETENTION_GRACE.minusMillis(1));
        assertTrue(ring.verificationKey(a.getKeyId()).isPresent());
        clock.advance(Duration.ofMillis(1));
        assertFalse(ring.verificationKey(a.getKeyId()).isPresent());
        assertEquals(1, ring.publishedKeys().size());
        assertEquals(b.getKeyId(), ring.publishedKeys().get(0).get("kid"));
    }

    private EllipticCurveJsonWebKey write(String name) throws Exception {
        EllipticCurveJsonWebKey key = SigningKeyFiles.generate();
        Files.writeString(dir.resolve(name), key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        return key;
    }
}
