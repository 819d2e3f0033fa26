package io.chaperone.privacy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The master key: required outside demo/test, exactly 32 bytes, never shown; wrapping round-trips. */
class MasterKeyTest {

    @Test
    void shouldRefuseToStartWithoutAMasterKeyWhenNoEphemeralKeyIsAllowed() {
        var e = assertThrows(IllegalStateException.class, () -> MasterKeyProducer.masterKey(config(null, false)));
        assertTrue(e.getMessage().startsWith("refusing to start"));
    }

    @Test
    void shouldRefuseAKeyThatIsNotThirtyTwoBytes() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[31]);
        assertThrows(IllegalStateException.class, () -> MasterKeyProducer.masterKey(config(shortKey, true)));
        assertThrows(IllegalStateException.class, () -> MasterKeyProducer.masterKey(config("not base64!", true)));
    }

    @Test
    void shouldUseTheConfiguredKeyEvenWhereAnEphemeralOneIsAllowed() {
        byte[] key = new byte[32];
        key[0] = 7;
        assertArrayEquals(key, MasterKeyProducer.masterKey(config(Base64.getEncoder().encodeToString(key), true)));
    }

    @Test
    void shouldCheckEveryPreviousMasterKeyLikeTheCurrentOne() {
        byte[] key = new byte[32];
        key[0] = 9;
        String good = Base64.getEncoder().encodeToString(key);
        String shortKey = Base64.getEncoder().encodeToString(new byte[31]);

        assertEquals(List.of(), MasterKeyProducer.previousMasterKeys(config(good, false, List.of())));
        assertArrayEquals(key, MasterKeyProducer.previousMasterKeys(config(good, false, List.of(good))).getFirst());
        var e = assertThrows(IllegalStateException.class,
                () -> MasterKeyProducer.previousMasterKeys(config(good, false, List.of(good, shortKey))));
        assertEquals("chaperone.privacy.previous-master-keys must be base64 of 32 bytes", e.getMessage());
    }

    @Test
    void shouldWrapAndUnwrapAndNameTheKeyWithoutRevealingIt() {
        byte[] master = new byte[32];
        LocalKeyWrapper wrapper = new LocalKeyWrapper(master);
        byte[] dataKey = Aead.newKey().getEncoded();

        byte[] wrapped = wrapper.wrap(dataKey);

        assertArrayEquals(dataKey, wrapper.unwrap(wrapped));
        assertEquals(60, wrapped.length);
        assertTrue(wrapper.id().matches("local:[0-9a-f]{16}"));
        assertNotEquals(wrapper.id(), new LocalKeyWrapper(Aead.newKey().getEncoded()).id());
        assertThrows(KeyUnavailableException.class,
                () -> new LocalKeyWrapper(Aead.newKey().getEncoded()).unwrap(wrapped));
    }

    private static PrivacyConfig config(String masterKey, boolean ephemeral) {
        return config(masterKey, ephemeral, List.of());
    }

    private static PrivacyConfig config(String masterKey, boolean ephemeral, List<String> previous) {
        return new PrivacyConfig() {
            public Optional<String> masterKey() { return Optional.ofNullable(masterKey); }
            public Optional<List<String>> previousMasterKeys() { return Optional.of(previous); }
            public boolean ephemeralMasterKey() { return ephemeral; }
            public int keyCacheSize() { return 10; }
            public Duration retention() { return Duration.ofDays(365); }
            public String retentionCheck() { return "1h"; }
        };
    }
}
