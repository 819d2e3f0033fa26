package io.chaperone.trust;

import io.chaperone.trust.device.DeviceTrustFiles;
import io.chaperone.trust.device.Pem;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared signing keys read from configuration, and the ticket lifetime rule. */
class SigningKeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadKeysFromDirectoryInFileNameOrder() throws Exception {
        EllipticCurveJsonWebKey first = SigningKeyFiles.generate();
        EllipticCurveJsonWebKey second = SigningKeyFiles.generate();
        EllipticCurveJsonWebKey third = SigningKeyFiles.generate();
        third.setKeyId(null);
        Files.writeString(dir.resolve("b.json"), set(second, third));
        Files.writeString(dir.resolve("a.json"), first.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        Files.writeString(dir.resolve("notes.txt"), "not a key");

        List<EllipticCurveJsonWebKey> keys = SigningKeyFiles.read(dir);

        assertEquals(List.of(first.getKeyId(), second.getKeyId(), third.calculateBase64urlEncodedThumbprint("SHA-256")),
                keys.stream().map(JsonWebKey::getKeyId).toList());
        assertTrue(keys.stream().allMatch(k -> k.getPrivateKey() != null));
    }

    @Test
    void shouldReadPkcs8PemKeysAndDeriveTheirPublicKeys() throws Exception {
        // Given a PEM key as openssl genpkey / admin init-keys write it, beside a JWK, and a Secret mount's dot entries
        KeyPair pair = DeviceTrustFiles.newKeyPair();
        Files.writeString(dir.resolve("b-signing-key.pem"), Pem.privateKey(pair.getPrivate()));
        EllipticCurveJsonWebKey jwk = SigningKeyFiles.generate();
        Files.writeString(dir.resolve("a.json"), jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        Files.createDirectory(dir.resolve("..2026_12_02_10_00_00.000000001"));

        // When
        List<EllipticCurveJsonWebKey> keys = SigningKeyFiles.read(dir);

        // Then the PEM key is read, with its public key, and signs (last by name)
        assertEquals(2, keys.size());
        assertEquals(jwk.getKeyId(), keys.getFirst().getKeyId());
        assertEquals(pair.getPublic(), keys.getLast().getPublicKey());
        assertEquals(pair.getPrivate(), keys.getLast().getPrivateKey());
    }

    @Test
    void shouldRefuseAPemKeyOfAnotherCurve() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        Path file = dir.resolve("p384.pem");
        Files.writeString(file, Pem.privateKey(generator.generateKeyPair().getPrivate()));

        var failure = assertThrows(IllegalStateException.class, () -> SigningKeyFiles.read(file));

        assertTrue(failure.getMessage().contains("private EC P-256"));
    }

    @Test
    void shouldRefusePublicOnlyKey() throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, SigningKeyFiles.generate().toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));

        var failure = assertThrows(IllegalStateException.class, () -> SigningKeyFiles.read(file));

        assertTrue(failure.getMessage().contains("private EC P-256"));
    }

    @Test
    void shouldRefuseRsaKeyWithoutEchoingKeyMaterial() throws Exception {
        Path file = dir.resolve("keys.json");
        var rsa = RsaJwkGenerator.generateJwk(2048);
        Files.writeString(file, rsa.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        String privateExponent = (String) rsa.toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE).get("d");

        var failure = assertThrows(IllegalStateException.class, () -> SigningKeyFiles.read(file));

        assertTrue(failure.getMessage().contains("private EC P-256"));
        assertFalse(failure.getMessage().contains(privateExponent));
    }

    @Test
    void shouldRefuseEmptyDirectory() {
        assertThrows(IllegalStateException.class, () -> SigningKeyFiles.read(dir));
    }

    @Test
    void shouldAcceptTicketLifetimesUpToThirtySeconds() {
        assertEquals(Duration.ofSeconds(30), TicketsConfig.validated(Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(1), TicketsConfig.validated(Duration.ofSeconds(1)));
    }

    @Test
    void shouldRefuseTicketLifetimesOutsideOneToThirtySeconds() {
        for (Duration bad : List.of(Duration.ofSeconds(31), Duration.ofMillis(30_001), Duration.ZERO,
                Duration.ofSeconds(-5), Duration.ofMillis(1500))) {
            assertThrows(IllegalStateException.class, () -> TicketsConfig.validated(bad), bad.toString());
        }
    }

    private static String set(EllipticCurveJsonWebKey... keys) {
        StringBuilder json = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.length; i++) {
            json.append(i == 0 ? "" : ",").append(keys[i].toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        }
        return json.append("]}").toString();
    }
}
