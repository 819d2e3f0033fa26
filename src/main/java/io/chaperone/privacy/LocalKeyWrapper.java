package io.chaperone.privacy;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Wraps data keys with AES-256-GCM under a master key held in memory (from configuration). */
final class LocalKeyWrapper implements KeyWrapper {

    private static final byte[] AAD = "chaperone:home-data-key:v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKey master;
    private final String id;

    LocalKeyWrapper(byte[] masterKey) {
        this.master = Aead.key(masterKey);
        this.id = "local:" + fingerprint(masterKey);
    }

    @Override
    public byte[] wrap(byte[] key) {
        return Aead.seal(master, key, AAD);
    }

    @Override
    public byte[] unwrap(byte[] wrapped) {
        return Aead.open(master, wrapped, AAD);
    }

    @Override
    public String id() {
        return id;
    }

    /** A one-way name of the key (domain-separated hash prefix), so rows say which master key wrapped them. */
    private static String fingerprint(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("chaperone:master-key-id:".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(key), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "LocalKeyWrapper[" + id + "]"; // never the key
    }
}
