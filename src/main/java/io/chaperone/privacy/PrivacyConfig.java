package io.chaperone.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Personal data ({@code chaperone.privacy.*}, docs/privacy.md): the master key, key cache, retention. */
@ConfigMapping(prefix = "chaperone.privacy")
public interface PrivacyConfig {

    /** Base64 of 32 bytes: wraps every home's data key. Required unless an ephemeral key is allowed. */
    @WithName("master-key")
    Optional<String> masterKey();

    /**
     * Base64 of 32 bytes each: master keys replaced by {@link #masterKey()}. Home keys they wrapped are read
     * and re-wrapped under the current key; remove one once start-up logs that no home key remains under it.
     */
    @WithName("previous-master-keys")
    Optional<List<String>> previousMasterKeys();

    /** Demo and test only: without a master key, generate one in memory (data does not survive a restart). */
    @WithName("ephemeral-master-key")
    @WithDefault("false")
    boolean ephemeralMasterKey();

    /** Unwrapped keys kept in memory (home and session keys each). */
    @WithName("key-cache-size")
    @WithDefault("10000")
    int keyCacheSize();

    /** Session keys are shredded this long after their session ended. */
    @WithDefault("P365D")
    Duration retention();

    /** How often the retention job looks for sessions to shred (a scheduler interval, e.g. {@code 1h}). */
    @WithName("retention-check")
    @WithDefault("1h")
    String retentionCheck();
}
