package io.chaperone.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The marker a redacted value leaves: {@code hmac-sha256:<hex>}, HMAC-SHA-256 (RFC 2104) of the value under the
 * session's redaction key. Without the key the marker cannot be brute-forced (a 4-digit code, a MAC with a known
 * vendor prefix), and the same value gives unrelated markers in two sessions; within a session it stays the same,
 * so a technician still sees whether a value changed.
 *
 * <p>Built on {@link MessageDigest} so {@code policy} keeps to {@code java.*}: the key is folded into the inner and
 * outer digests once; each mark clones the two primed digests (thread-safe, no key schedule per value).
 */
final class ValueMarks {

    static final String PREFIX = "hmac-sha256:";
    static final int MIN_KEY_BYTES = 32;
    private static final int BLOCK_BYTES = 64;
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest inner;
    private final MessageDigest outer;

    ValueMarks(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES || key.length > BLOCK_BYTES) {
            throw new IllegalArgumentException("a redaction key has 32 to 64 bytes");
        }
        byte[] innerPad = new byte[BLOCK_BYTES];
        byte[] outerPad = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            byte k = i < key.length ? key[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5c);
        }
        inner = sha256();
        inner.update(innerPad);
        outer = sha256();
        outer.update(outerPad);
        copy(inner); // fail at construction, not per value, on a platform whose digests do not clone
    }

    /** The marker of {@code text}. */
    String mark(String text) {
        byte[] innerHash = copy(inner).digest(text.getBytes(StandardCharsets.UTF_8));
        return PREFIX + HEX.formatHex(copy(outer).digest(innerHash));
    }

    private static MessageDigest copy(MessageDigest primed) {
        try {
            return (MessageDigest) primed.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 provider cannot clone a digest", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
