package io.chaperone.admin;

import io.chaperone.audit.integrity.Ed25519Keys;
import io.chaperone.trust.device.DeviceTrustFiles;
import io.chaperone.trust.device.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code admin init-keys} and the rotate commands: formats the gateway reads, 0600, never an overwrite by init. */
class AdminCliTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private int admin(Instant now, String... args) {
        return new AdminCli(new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.fixed(now, ZoneOffset.UTC)).run(args);
    }

    @Test
    void shouldCreateEveryKeyInTheFormatTheGatewayReadsOwnerOnly() throws Exception {
        // When
        int status = admin(T0, "init-keys", "--out", dir.toString(), "--hub-listener-name", "hubs.example.com");

        // Then every file is there, 0600, in the format its reader expects
        assertEquals(0, status);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertEquals(List.of("checkpoint-key.pem", "device-ca-key.pem", "device-ca.pem", "hub-listener-key.pem",
                "hub-listener.pem", "master.key", "signing-key-20261202T100000000Z.pem"),
                files.stream().map(p -> p.getFileName().toString()).sorted().toList());
        for (Path file : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("signing-keys"))));
        X509Certificate ca = Pem.parseCertificate(Files.readString(dir.resolve("device-ca.pem")));
        X509Certificate listener = Pem.parseCertificate(Files.readString(dir.resolve("hub-listener.pem")));
        assertDoesNotThrow(() -> listener.verify(ca.getPublicKey()));
        assertTrue(listener.getSubjectX500Principal().getName().contains("CN=hubs.example.com"));
        assertTrue(Pem.parsePrivateKey(Files.readString(dir.resolve("device-ca-key.pem"))) instanceof ECPrivateKey);
        assertTrue(Pem.parsePrivateKey(Files.readString(dir.resolve("signing-keys/signing-key-20261202T100000000Z.pem")))
                instanceof ECPrivateKey);
        assertDoesNotThrow(() -> Ed25519Keys.fromPkcs8Pem(Files.readString(dir.resolve("checkpoint-key.pem"))));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(dir.resolve("master.key")).trim()).length);
    }

    @Test
    void shouldRefuseToInitOverExistingKeyMaterial() throws Exception {
        // Given
        admin(T0, "init-keys", "--out", dir.toString());
        byte[] master = Files.readAllBytes(dir.resolve("master.key"));

        // When
        int status = admin(T0.plusSeconds(1), "init-keys", "--out", dir.toString());

        // Then
        assertEquals(1, status);
        assertArrayEquals(master, Files.readAllBytes(dir.resolve("master.key")));
    }

    @Test
    void shouldAddASigningKeyThatSortsLastSoItSigns() throws Exception {
        // Given
        admin(T0, "init-keys", "--out", dir.toString());

        // When
        int status = admin(T0.plusSeconds(86_400), "rotate-signing-key", "--out", dir.toString());

        // Then both keys are there and the new one is last by name (SigningKeyFiles: the last one signs)
        assertEquals(0, status);
        try (Stream<Path> keys = Files.list(dir.resolve("signing-keys"))) {
            assertEquals(List.of("signing-key-20261202T100000000Z.pem", "signing-key-20261203T100000000Z.pem"),
                    keys.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void shouldReplaceTheCheckpointKey() throws Exception {
        // Given
        admin(T0, "init-keys", "--out", dir.toString());
        byte[] before = Ed25519Keys.raw(Ed25519Keys.fromPkcs8Pem(Files.readString(dir.resolve("checkpoint-key.pem"))).getPublic());

        // When
        int status = admin(T0, "rotate-checkpoint-key", "--out", dir.toString());

        // Then
        assertEquals(0, status);
        byte[] after = Ed25519Keys.raw(Ed25519Keys.fromPkcs8Pem(Files.readString(dir.resolve("checkpoint-key.pem"))).getPublic());
        assertNotEquals(Ed25519Keys.thumbprint(before), Ed25519Keys.thumbprint(after));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("checkpoint-key.pem"))));
    }

    @Test
    void shouldReissueTheHubListenerFromTheSameDeviceCa() throws Exception {
        // Given
        admin(T0, "init-keys", "--out", dir.toString());
        String caBefore = Files.readString(dir.resolve(DeviceTrustFiles.CA_CERT));
        String listenerBefore = Files.readString(dir.resolve(DeviceTrustFiles.SERVER_CERT));

        // When
        int status = admin(T0, "rotate-hub-listener", "--out", dir.toString(), "--hub-listener-name", "hubs2.example.com");

        // Then the CA is untouched and signs the new listener certificate
        assertEquals(0, status);
        assertEquals(caBefore, Files.readString(dir.resolve(DeviceTrustFiles.CA_CERT)));
        String listenerAfter = Files.readString(dir.resolve(DeviceTrustFiles.SERVER_CERT));
        assertNotEquals(listenerBefore, listenerAfter);
        X509Certificate listener = Pem.parseCertificate(listenerAfter);
        assertDoesNotThrow(() -> listener.verify(Pem.parseCertificate(caBefore).getPublicKey()));
        assertTrue(listener.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("hubs2.example.com")));
    }

    @Test
    void shouldKeepThePreviousMasterKeyAndWriteANewOneOwnerOnly() throws Exception {
        // Given
        admin(T0, "init-keys", "--out", dir.toString());
        String before = Files.readString(dir.resolve("master.key"));

        // When
        int status = admin(T0.plusSeconds(60), "rotate-master-key", "--out", dir.toString());

        // Then the old key is kept under its rotation time and a new 32-byte key replaces it, all owner-only
        assertEquals(0, status);
        Path kept = dir.resolve("previous-master-keys/master-20261202T100100000Z.key");
        try (Stream<Path> previous = Files.list(dir.resolve("previous-master-keys"))) {
            assertEquals(List.of(kept), previous.toList());
        }
        assertEquals(before, Files.readString(kept));
        String after = Files.readString(dir.resolve("master.key"));
        assertNotEquals(before, after);
        assertEquals(32, Base64.getDecoder().decode(after.trim()).length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("master.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("previous-master-keys"))));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("chaperone.privacy.previous-master-keys"));
    }

    @Test
    void shouldRefuseToRotateAMasterKeyThatIsNotThere() throws Exception {
        // When
        int status = admin(T0, "rotate-master-key", "--out", dir.toString());

        // Then nothing is written
        assertEquals(1, status);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void shouldRefuseAnUnknownCommandWithUsage() {
        assertEquals(2, admin(T0, "make-coffee", "--out", dir.toString()));
        assertEquals(2, admin(T0, "init-keys"));
    }
}
