package io.chaperone.privacy;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway restarted with master key B and previous key A: home keys an earlier run wrapped under A read
 * as before and are stored under B, on use and by the start-up sweep; a key under neither stays as it is.
 */
@QuarkusTest
@TestProfile(MasterKeyRotationTest.RotatedToB.class)
class MasterKeyRotationTest {

    public static class RotatedToB implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chaperone.privacy.master-key", Base64.getEncoder().encodeToString(HomeKeyRows.KEY_B),
                    "chaperone.privacy.previous-master-keys", Base64.getEncoder().encodeToString(HomeKeyRows.KEY_A));
        }
    }

    @Inject
    HomeKeyRows rows;
    @Inject
    MasterKeyRotation rotation;
    @Inject
    MeterRegistry meters;

    @Test
    void shouldReadAHomeKeyWrappedUnderThePreviousMasterKeyAndStoreItUnderTheCurrentOne() {
        // Given a home key an earlier run wrapped under A
        UUID home = UUID.randomUUID();
        SecretKey written = rows.writtenUnder(HomeKeyRows.KEY_A, home);

        // When
        Optional<SecretKey> read = rows.homeKey(home);

        // Then it is the same key, now wrapped under B
        assertArrayEquals(written.getEncoded(), read.orElseThrow().getEncoded());
        assertStoredUnder(HomeKeyRows.KEY_B, home, written);
    }

    @Test
    void shouldRewrapEveryHomeKeyUnderThePreviousMasterKeyInTheSweepAndCountTheOthers() {
        // Given two homes under A and one under a key the gateway does not hold
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID foreign = UUID.randomUUID();
        SecretKey firstKey = rows.writtenUnder(HomeKeyRows.KEY_A, first);
        SecretKey secondKey = rows.writtenUnder(HomeKeyRows.KEY_A, second);
        rows.writtenUnder(HomeKeyRows.filled(3), foreign);

        // When
        long left = rotation.sweep().await().atMost(PrivacyWorld.WAIT);

        // Then both are under B, the foreign one untouched and counted (with any other run's rows)
        assertStoredUnder(HomeKeyRows.KEY_B, first, firstKey);
        assertStoredUnder(HomeKeyRows.KEY_B, second, secondKey);
        assertEquals(new LocalKeyWrapper(HomeKeyRows.filled(3)).id(), rows.row(foreign).getString("wrapper_id"));
        assertTrue(left >= 1, "left " + left);
        assertEquals(0, rows.rowsUnder(HomeKeyRows.KEY_A));
        assertEquals(left, meters.get(MasterKeyRotation.REMAINING_METER).gauge().value(), 0.0);
        assertTrue(rows.homeKey(foreign).isEmpty());
    }

    private void assertStoredUnder(byte[] master, UUID home, SecretKey expected) {
        LocalKeyWrapper wrapper = new LocalKeyWrapper(master);
        Row row = rows.row(home);
        assertEquals(wrapper.id(), row.getString("wrapper_id"));
        assertArrayEquals(expected.getEncoded(), wrapper.unwrap(row.getBuffer("wrapped_key").getBytes()));
    }
}
