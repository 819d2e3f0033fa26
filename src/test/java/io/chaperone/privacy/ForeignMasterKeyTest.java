package io.chaperone.privacy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gateway restarted with master key B and no previous key: a home key under A reads as unavailable and stays. */
@QuarkusTest
@TestProfile(ForeignMasterKeyTest.OnlyB.class)
class ForeignMasterKeyTest {

    public static class OnlyB implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chaperone.privacy.master-key", Base64.getEncoder().encodeToString(HomeKeyRows.KEY_B));
        }
    }

    @Inject
    HomeKeyRows rows;

    @Test
    void shouldReadAHomeKeyUnderAnotherMasterKeyAsUnavailableAndLeaveItAsItIs() {
        // Given
        UUID home = UUID.randomUUID();
        rows.writtenUnder(HomeKeyRows.KEY_A, home);

        // When / Then
        assertTrue(rows.homeKey(home).isEmpty());
        assertEquals(new LocalKeyWrapper(HomeKeyRows.KEY_A).id(), rows.row(home).getString("wrapper_id"));
    }
}
