package io.chaperone.admin;

import io.chaperone.audit.integrity.Ed25519Keys;
import io.chaperone.trust.device.DeviceTrustFiles;
import io.chaperone.trust.device.Pem;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * A production key-material directory in the formats the gateway reads (docs/operations.md "Key material"):
 * the device CA and hub listener certificate (PEM, PKCS#8 keys), the ticket signing keys (one PKCS#8 EC P-256
 * PEM per file in {@code signing-keys/}, the last by name signs), the audit checkpoint key (PKCS#8 Ed25519 PEM)
 * and the master key (base64 of 32 random bytes; replaced ones kept in {@code previous-master-keys/}). Files are 0600, directories 0700.
 */
public final class KeyMaterialDirectory {

    public static final String SIGNING_KEYS = "signing-keys";
    public static final String CHECKPOINT_KEY = "checkpoint-key.pem";
    public static final String MASTER_KEY = "master.key";
    public static final String PREVIOUS_MASTER_KEYS = "previous-master-keys";
    static final List<String> INIT_FILES = List.of(DeviceTrustFiles.CA_CERT, DeviceTrustFiles.CA_KEY,
            DeviceTrustFiles.SERVER_CERT, DeviceTrustFiles.SERVER_KEY, CHECKPOINT_KEY, MASTER_KEY, SIGNING_KEYS);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final Clock clock;

    public KeyMaterialDirectory(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** Creates every file; refuses to touch a directory that already holds any of them. */
    public void init(List<String> listenerNames) throws IOException {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (String name : INIT_FILES) {
            if (Files.exists(directory.resolve(name))) {
                throw new FileAlreadyExistsException(directory.resolve(name) + " (init-keys never overwrites; use a rotate command)");
            }
        }
        DeviceTrustFiles.generate(directory, listenerNames);
        Files.createDirectory(directory.resolve(SIGNING_KEYS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        addSigningKey();
        writeCheckpointKey();
        writeMasterKey();
    }

    /**
     * Keeps the current master key in {@code previous-master-keys/master-<UTC time>.key} (the gateway re-wraps
     * home keys from it) and writes a new {@code master.key}; returns the kept file. The new key is written
     * last, so a failure leaves the current one in place.
     */
    public Path rotateMasterKey() throws IOException {
        Path current = directory.resolve(MASTER_KEY);
        if (!Files.isRegularFile(current)) {
            throw new NoSuchFileException(current + " (nothing to rotate; use init-keys)");
        }
        Path previous = directory.resolve(PREVIOUS_MASTER_KEYS);
        if (!Files.isDirectory(previous)) {
            Files.createDirectory(previous, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path kept = previous.resolve("master-" + STAMP.format(clock.instant()) + ".key");
        if (Files.exists(kept)) {
            throw new FileAlreadyExistsException(kept.toString());
        }
        DeviceTrustFiles.write(kept, Files.readString(current));
        writeMasterKey();
        return kept;
    }

    private void writeMasterKey() throws IOException {
        byte[] master = new byte[32];
        RANDOM.nextBytes(master);
        DeviceTrustFiles.write(directory.resolve(MASTER_KEY), Base64.getEncoder().encodeToString(master) + "\n");
    }

    /** A new ticket signing key, named so that it sorts last and therefore signs; returns its file. */
    public Path addSigningKey() throws IOException {
        Path file = directory.resolve(SIGNING_KEYS).resolve("signing-key-" + STAMP.format(clock.instant()) + ".pem");
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        DeviceTrustFiles.write(file, Pem.privateKey(DeviceTrustFiles.newKeyPair().getPrivate()));
        return file;
    }

    /** Replaces the checkpoint key; the old public key stays in audit_checkpoint_keys, so old checkpoints verify. */
    public void writeCheckpointKey() throws IOException {
        DeviceTrustFiles.write(directory.resolve(CHECKPOINT_KEY), Pem.privateKey(Ed25519Keys.generate().getPrivate()));
    }

    /** A new hub listener key and certificate from the device CA in this directory. */
    public void reissueHubListener(List<String> listenerNames) throws IOException {
        DeviceTrustFiles.reissueListener(directory, listenerNames);
    }
}
