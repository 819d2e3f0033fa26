package io.chaperone.privacy;

import javax.crypto.SecretKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The stored form of an encrypted audit detail: {@code enc:v1:<keyRef>:<base64(iv ‖ ct ‖ tag)>}. The AAD
 * is {@code chain_id (16 bytes) ‖ kind (UTF-8)}, so a ciphertext copied to a row of another chain or kind
 * does not open. (A swap between two rows of one chain and kind is caught by the hash chain instead.)
 */
final class SealedText {

    static final String PREFIX = "enc:v1:";

    private SealedText() {
    }

    static String seal(KeyRef ref, SecretKey key, UUID chainId, String kind, String plaintext) {
        byte[] sealed = Aead.seal(key, plaintext.getBytes(StandardCharsets.UTF_8), aad(chainId, kind));
        return PREFIX + ref + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The key reference of a sealed text; {@link IllegalArgumentException} when malformed. */
    static KeyRef keyRef(String stored) {
        int end = stored.indexOf(':', PREFIX.length());
        if (end < 0) {
            throw new IllegalArgumentException("malformed sealed text");
        }
        return KeyRef.parse(stored.substring(PREFIX.length(), end));
    }

    /** The plaintext; {@link KeyUnavailableException} when the key, chain or kind does not match. */
    static String open(String stored, SecretKey key, UUID chainId, String kind) {
        int end = stored.indexOf(':', PREFIX.length());
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(stored.substring(end + 1));
        } catch (IllegalArgumentException e) {
            throw new KeyUnavailableException("malformed sealed text");
        }
        return new String(Aead.open(key, sealed, aad(chainId, kind)), StandardCharsets.UTF_8);
    }

    private static byte[] aad(UUID chainId, String kind) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + kind.length());
        out.writeBytes(Aead.bytes(chainId));
        out.writeBytes(kind.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
