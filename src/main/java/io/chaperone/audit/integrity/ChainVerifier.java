package io.chaperone.audit.integrity;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Verifies one chain against the signed checkpoints that cover it. Pure: rows, checkpoints and public keys
 * in, a {@link Verification} out. The order of checks, and so which break is named first (docs/audit.md):
 * <ol>
 * <li>every checkpoint covering the chain: signature by its key, its hash, its Merkle root over its heads,
 *     and its link to the previous checkpoint when that one is among them ({@code checkpoint_signature});</li>
 * <li>the rows in seq order: a gap ({@code missing}), then the hash of each row over the verified prefix;
 *     at the first mismatch at seq k, if the content of a later row j hashes at k to the hash stored at k or
 *     at j, the rows were swapped ({@code reordered}), otherwise {@code changed};</li>
 * <li>each checkpoint's recorded head against the rows: a different hash at that seq means the chain was
 *     rewritten ({@code changed}, from the seq after the last head that still matches); a head beyond the
 *     chain's end means rows were cut off ({@code truncated}, from the first absent seq).</li>
 * </ol>
 */
public final class ChainVerifier {

    private ChainVerifier() {
    }

    public static Verification verify(UUID chainId, List<ChainRow> rows, List<Checkpoint> checkpoints,
                                      Map<String, PublicKey> keys) {
        List<ChainRow> ordered = rows.stream().sorted(Comparator.comparingLong(ChainRow::seq)).toList();
        List<Checkpoint> covering = checkpoints.stream().filter(c -> c.headOf(chainId).isPresent())
                .sorted(Comparator.comparingLong(Checkpoint::id)).toList();
        long n = ordered.size();

        Checkpoint previous = null;
        for (Checkpoint c : covering) {
            String problem = checkpointProblem(c, previous, keys);
            if (problem != null) {
                return Verification.broken(chainId, n, c.headOf(chainId).orElseThrow().seq(), BreakReason.CHECKPOINT_SIGNATURE, problem);
            }
            previous = c;
        }

        byte[] prev = ChainHash.genesis();
        long expected = 1;
        for (int i = 0; i < ordered.size(); i++) {
            ChainRow row = ordered.get(i);
            if (row.seq() != expected) {
                return Verification.broken(chainId, n, expected, BreakReason.MISSING,
                        "seq " + expected + (row.seq() - 1 > expected ? "-" + (row.seq() - 1) : "") + " absent");
            }
            byte[] computed = ChainHash.of(prev, row.record());
            if (!MessageDigest.isEqual(computed, row.hash()) || !MessageDigest.isEqual(prev, row.prevHash())) {
                long from = movedFrom(ordered, i, prev);
                return from > 0
                        ? Verification.broken(chainId, n, expected, BreakReason.REORDERED,
                                "the record stored at seq " + from + " belongs at seq " + expected)
                        : Verification.broken(chainId, n, expected, BreakReason.CHANGED,
                                "the stored hash of seq " + expected + " does not match its content");
            }
            prev = computed;
            expected++;
        }
        long headSeq = expected - 1;

        long anchored = 0;
        for (Checkpoint c : covering.stream().sorted(Comparator.comparingLong(c -> c.headOf(chainId).orElseThrow().seq())).toList()) {
            ChainHead recorded = c.headOf(chainId).orElseThrow();
            if (recorded.seq() > headSeq) {
                return Verification.broken(chainId, n, headSeq + 1, BreakReason.TRUNCATED, "checkpoint " + c.id()
                        + " recorded seq " + recorded.seq() + " but the chain ends at seq " + headSeq);
            }
            if (!Arrays.equals(ordered.get((int) recorded.seq() - 1).hash(), recorded.hash())) {
                return Verification.broken(chainId, n, anchored + 1, BreakReason.CHANGED, "the chain was rewritten: seq "
                        + recorded.seq() + " differs from checkpoint " + c.id());
            }
            anchored = recorded.seq();
        }
        ChainHead head = headSeq == 0 ? null : new ChainHead(chainId, headSeq, prev);
        return Verification.valid(chainId, n, head, covering.isEmpty() ? null : covering.getLast());
    }

    /** The seq of a later row whose content belongs at position {@code i}, or 0. */
    private static long movedFrom(List<ChainRow> ordered, int i, byte[] prev) {
        ChainRow broken = ordered.get(i);
        for (int j = i + 1; j < ordered.size(); j++) {
            ChainRow candidate = ordered.get(j);
            StoredRecord r = candidate.record();
            StoredRecord atI = new StoredRecord(r.chainId(), broken.seq(), r.atMillis(), r.actor(), r.kind(), r.device(),
                    r.op(), r.outcome(), r.correlationId(), r.detail());
            byte[] h = ChainHash.of(prev, atI);
            if (MessageDigest.isEqual(h, broken.hash()) || MessageDigest.isEqual(h, candidate.hash())) {
                return candidate.seq();
            }
        }
        return 0;
    }

    /** Null when the checkpoint is sound, else what is wrong with it. */
    static String checkpointProblem(Checkpoint c, Checkpoint previous, Map<String, PublicKey> keys) {
        PublicKey key = keys.get(c.keyId());
        byte[] signed = c.signedBytes();
        if (key == null) {
            return "checkpoint " + c.id() + " names an unknown key";
        }
        if (!Ed25519Keys.verify(key, signed, c.signature())) {
            return "checkpoint " + c.id() + " signature does not verify";
        }
        if (!Arrays.equals(ChainHash.sha256().digest(signed), c.checkpointHash())) {
            return "checkpoint " + c.id() + " hash does not match its signed bytes";
        }
        if (c.heads().isEmpty() || !Arrays.equals(MerkleTree.root(c.heads()), c.merkleRoot())) {
            return "checkpoint " + c.id() + " Merkle root does not match its heads";
        }
        if (previous != null && previous.id() == c.id() - 1 && !Arrays.equals(previous.checkpointHash(), c.prevCheckpointHash())) {
            return "checkpoint " + c.id() + " does not link to checkpoint " + previous.id();
        }
        return null;
    }
}
