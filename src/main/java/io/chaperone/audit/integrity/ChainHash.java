package io.chaperone.audit.integrity;

import java.io.ByteArrayOutputStream;
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
        sha.reset();
        sha.update(prevHash);
        sha.update(uuid(r.chainId()));
        sha.update(longBytes(r.seq()));
        feedCanonical(sha, r);
        return sha.digest();
    }

    public static byte[] canonical(StoredRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(longBytes(r.atMillis()));
        for (String field : fields(r)) {
            if (field == null) {
                out.writeBytes(intBytes(-1));
            } else {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(intBytes(utf8.length));
                out.writeBytes(utf8);
            }
        }
        return out.toByteArray();
    }

    /** Streams {@link #canonical} into the digest without building it. */
    private static void feedCanonical(MessageDigest sha, StoredRecord r) {
        sha.update(longBytes(r.atMillis()));
        for (String field : fields(r)) {
            if (field == null) {
                sha.update(intBytes(-1));
            } else {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                sha.update(intBytes(utf8.length));
                sha.update(utf8);
            }
        }
    }

    private static String[] fields(StoredRecord r) {
        return new String[] {r.actor(), r.kind(), r.device(), r.op(), r.outcome(), r.correlationId(), r.detail()};
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

    static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
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
