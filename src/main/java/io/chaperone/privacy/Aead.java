package io.chaperone.privacy;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

/** AES-256-GCM with a random 96-bit IV: output and input are {@code iv ‖ ciphertext ‖ tag}. */
final class Aead {

    static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** DRBG: seeded once, no /dev/urandom read per IV (the writer seals every row on one thread). */
    private static final SecureRandom RANDOM = drbg();
    /** IVs come from the DRBG 64 at a time per thread: one DRBG call costs about as much as sealing a row. */
    private static final ThreadLocal<IvPool> IVS = ThreadLocal.withInitial(IvPool::new);
    /** Cipher.getInstance looks providers up every time; one instance per thread is re-initialised instead. */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(Aead::newCipher);

    private Aead() {
    }

    static SecretKey newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key(key);
    }

    static SecretKey key(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes");
        }
        return new SecretKeySpec(raw, "AES");
    }

    static byte[] seal(SecretKey key, byte[] plaintext, byte[] aad) {
        byte[] iv = IVS.get().next();
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            byte[] out = new byte[IV_BYTES + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, out, IV_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext, or {@link KeyUnavailableException} when key, AAD or bytes do not match. */
    static byte[] open(SecretKey key, byte[] sealed, byte[] aad) {
        if (sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new KeyUnavailableException("sealed value too short");
        }
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new KeyUnavailableException("authentication failed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Random IVs drawn in bulk; each handed out once (an IV is public, it must only never repeat under a key). */
    private static final class IvPool {
        private final byte[] pool = new byte[IV_BYTES * 64];
        private int next = pool.length;

        byte[] next() {
            if (next == pool.length) {
                RANDOM.nextBytes(pool);
                next = 0;
            }
            byte[] iv = java.util.Arrays.copyOfRange(pool, next, next + IV_BYTES);
            next += IV_BYTES;
            return iv;
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
