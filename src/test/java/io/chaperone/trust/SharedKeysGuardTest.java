package io.chaperone.trust;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Cluster mode does not start on generated keys; a single node does (ADR 0019). */
class SharedKeysGuardTest {

    @Test
    void shouldRefuseClusterModeWithoutSharedSigningKeys() {
        assertThat(SharedKeysGuard.problem(true, Optional.empty(), Optional.of("/keys/checkpoint-key.pem")))
                .hasValueSatisfying(m -> assertThat(m).contains("chaperone.keys.signing-keys-location")
                        .doesNotContain("chaperone.audit.checkpoint-key-location"));
    }

    @Test
    void shouldRefuseClusterModeWithoutASharedCheckpointKeyOrWithABlankOne() {
        assertThat(SharedKeysGuard.problem(true, Optional.of("/keys/signing-keys"), Optional.of(" ")))
                .hasValueSatisfying(m -> assertThat(m).contains("chaperone.audit.checkpoint-key-location"));
        assertThat(SharedKeysGuard.problem(true, Optional.empty(), Optional.empty()))
                .hasValueSatisfying(m -> assertThat(m).contains("chaperone.keys.signing-keys-location and "
                        + "chaperone.audit.checkpoint-key-location"));
    }

    @Test
    void shouldStartClusterModeOnSharedKeysAndASingleNodeOnGeneratedOnes() {
        assertThat(SharedKeysGuard.problem(true, Optional.of("/keys/signing-keys"), Optional.of("/keys/checkpoint-key.pem"))).isEmpty();
        assertThat(SharedKeysGuard.problem(false, Optional.empty(), Optional.empty())).isEmpty();
    }
}
