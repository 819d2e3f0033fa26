package io.chaperone.privacy;

import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The redaction key derivation: RFC 5869 HKDF, stable per data key, unrelated across data keys. */
class RedactionKeysTest {

    @Test
    void shouldMatchTheRfc5869TestVectorWithoutSaltAndInfo() {
        byte[] inputKey = new byte[22];
        Arrays.fill(inputKey, (byte) 0x0b);

        byte[] okm = RedactionKeys.hkdfSha256(inputKey, new byte[0]);

        // RFC 5869 A.3: the first 32 bytes of its 42-byte OKM.
        assertThat(HexFormat.of().formatHex(okm))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
    }

    @Test
    void shouldDeriveTheSameKeyFromTheSameDataKeyAndAnotherFromAnother() {
        byte[] one = new byte[32];
        byte[] two = new byte[32];
        two[0] = 1;

        byte[] first = RedactionKeys.derive(new SecretKeySpec(one, "AES"));

        assertThat(first).hasSize(32).isEqualTo(RedactionKeys.derive(new SecretKeySpec(one.clone(), "AES")))
                .isNotEqualTo(RedactionKeys.derive(new SecretKeySpec(two, "AES"))).isNotEqualTo(one);
    }
}
