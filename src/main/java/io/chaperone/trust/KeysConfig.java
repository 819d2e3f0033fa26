package io.chaperone.trust;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.util.Optional;

/** The gateway's own signing keys ({@code chaperone.keys.*}). */
@ConfigMapping(prefix = "chaperone.keys")
public interface KeysConfig {

    /** {@code iss} of every token the gateway signs. */
    String issuer();

    /** How often a generated key is replaced (or a configured location re-read). */
    Duration rotationPeriod();

    /**
     * Optional file or directory of private EC P-256 keys ({@code *.pem} PKCS#8 or {@code *.json} JWK / JWK set),
     * shared by every node; the last by name signs. Without it, keys are generated in memory at start.
     */
    Optional<String> signingKeysLocation();
}
