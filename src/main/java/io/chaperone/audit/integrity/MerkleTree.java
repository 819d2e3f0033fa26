package io.chaperone.audit.integrity;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * RFC 6962 / RFC 9162 Merkle tree over chain heads: leaf = SHA-256(0x00 ‖ chain_id ‖ seq ‖ hash), node =
 * SHA-256(0x01 ‖ left ‖ right), the split at the largest power of two below n. Heads are ordered by
 * chain id as text (lower-case UUID, the same as its unsigned bytes).
 */
public final class MerkleTree {

    public static final Comparator<ChainHead> ORDER = Comparator.comparing(h -> h.chainId().toString());

    private MerkleTree() {
    }

    public static byte[] leafHash(ChainHead head) {
        MessageDigest sha = ChainHash.sha256();
        sha.update((byte) 0x00);
        sha.update(ChainHash.uuid(head.chainId()));
        sha.update(ChainHash.longBytes(head.seq()));
        sha.update(head.hash());
        return sha.digest();
    }

    /** The root over heads already in {@link #ORDER}; at least one. */
    public static byte[] root(List<ChainHead> heads) {
        return subtree(leaves(heads), 0, heads.size());
    }

    /** The audit path (RFC 9162 §2.1.3.1) of the leaf at {@code index}, bottom up. */
    public static List<byte[]> inclusionProof(List<ChainHead> heads, int index) {
        List<byte[]> path = new ArrayList<>();
        path(leaves(heads), index, 0, heads.size(), path);
        return path;
    }

    /** RFC 9162 §2.1.3.2: does {@code leafHash} sit at {@code index} of a tree of {@code size} with this root? */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    private static List<byte[]> leaves(List<ChainHead> heads) {
        return heads.stream().map(MerkleTree::leafHash).toList();
    }

    private static byte[] subtree(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = split(n);
        return node(subtree(leaves, from, from + k), subtree(leaves, from + k, to));
    }

    private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(leaves, m, from, from + k, out);
            out.add(subtree(leaves, from + k, to));
        } else {
            path(leaves, m - k, from + k, to, out);
            out.add(subtree(leaves, from, from + k));
        }
    }

    /** The largest power of two smaller than n (n ≥ 2). */
    private static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = ChainHash.sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }
}
