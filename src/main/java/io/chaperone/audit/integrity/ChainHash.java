package io.chaperone.audit.integrity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The hash chain's arithmetic (docs/audit.md): {@code hash = SHA-256(prev_hash ‖ chain_id ‖ seq ‖
 * canonical(record))} with prev_hash of seq 1 = 32 zero bytes. canonical(record) is {@code at} as epoch
 * millis (8 bytes BE), then actor, kind, device, op, outcome, correlation_id, detail, each a 4-byte BE
 * length of its UTF-8 bytes and the bytes; null is length -1 without bytes, so null and "" differ.
 * Mirrored by {@code audit_record_hash} (V60) and by {@code src/main/cli/AuditVerifier.java}.
 */
public final class ChainHash {

    public static final int LENGTH = 32;
    private static final byte[] GENESIS = new byte[LENGTH];
    private static final HexFormat HEX = HexFormat.of();

    private ChainHash() {
    }

    /** The prev_hash of seq 1 (a copy). */
    public static byte[] genesis() {
        return GENESIS.clone();
    }

    public static byte[] of(byte[] prevHash, StoredRecord r) {
        return of(sha256(), prevHash, r);
    }

    /** The same with a digest the caller reuses (the writer hashes a whole batch with one). */
    public static byte[] of(MessageDigest sha, byte[] prevHash, StoredRecord r) {
        // Everything goes into one per-thread buffer and the digest gets a single update: the writer hashes every
        // row on its own loop, and a small array per field showed up in its profile.
        Canonical out = SCRATCH.get().reset();
        out.bytes(prevHash);
        out.uuid(r.chainId());
        out.longValue(r.seq());
        writeCanonical(out, r);
        sha.reset();
        sha.update(out.buf, 0, out.length);
        return sha.digest();
    }

    public static byte[] canonical(StoredRecord r) {
        Canonical out = new Canonical();
        writeCanonical(out, r);
        return java.util.Arrays.copyOf(out.buf, out.length);
    }

    private static void writeCanonical(Canonical out, StoredRecord r) {
        out.longValue(r.atMillis());
        out.text(r.actor());
        out.text(r.kind());
        out.text(r.device());
        out.text(r.op());
        out.text(r.outcome());
        out.text(r.correlationId());
        out.text(r.detail());
    }

    private static final ThreadLocal<Canonical> SCRATCH = ThreadLocal.withInitial(Canonical::new);

    /** A growable byte buffer for the canonical form: big-endian numbers, length-prefixed UTF-8, null as -1. */
    private static final class Canonical {
        private byte[] buf = new byte[512];
        private int length;

        Canonical reset() {
            length = 0;
            return this;
        }

        void bytes(byte[] bytes) {
            room(bytes.length);
            System.arraycopy(bytes, 0, buf, length, bytes.length);
            length += bytes.length;
        }

        void uuid(UUID id) {
            longValue(id.getMostSignificantBits());
            longValue(id.getLeastSignificantBits());
        }

        void longValue(long v) {
            room(8);
            for (int i = 0; i < 8; i++) {
                buf[length++] = (byte) (v >>> (56 - 8 * i));
            }
        }

        void intValue(int v) {
            room(4);
            buf[length++] = (byte) (v >>> 24);
            buf[length++] = (byte) (v >>> 16);
            buf[length++] = (byte) (v >>> 8);
            buf[length++] = (byte) v;
        }

        void text(String value) {
            if (value == null) {
                intValue(-1);
                return;
            }
            int n = value.length();
            for (int i = 0; i < n; i++) {
                if (value.charAt(i) >= 0x80) {
                    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                    intValue(utf8.length);
                    bytes(utf8);
                    return;
                }
            }
            intValue(n); // ASCII: one byte per char, the same bytes UTF-8 gives
            room(n);
            for (int i = 0; i < n; i++) {
                buf[length++] = (byte) value.charAt(i);
            }
        }

        private void room(int more) {
            if (length + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
            }
        }
    }

    public static byte[] uuid(UUID id) {
        byte[] b = new byte[16];
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    public static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
