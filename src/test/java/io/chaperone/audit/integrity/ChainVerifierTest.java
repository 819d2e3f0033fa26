package io.chaperone.audit.integrity;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verifier's rules on chains built in memory (no I/O), one break at a time. */
class ChainVerifierTest {

    private static final KeyPair KEY = Ed25519Keys.generate();
    private static final byte[] RAW = Ed25519Keys.raw(KEY.getPublic());
    private static final String KID = Ed25519Keys.thumbprint(RAW);
    private static final Map<String, PublicKey> KEYS = Map.of(KID, KEY.getPublic());

    private final UUID chain = UUID.randomUUID();

    @Test
    void shouldAcceptAnIntactChainAndNameItsHeadAndCheckpoint() {
        List<ChainRow> rows = chain(10);
        Checkpoint cp = checkpoint(1, ChainHash.genesis(), rows.get(9));

        Verification v = ChainVerifier.verify(chain, rows, List.of(cp), KEYS);

        assertTrue(v.valid());
        assertEquals(10, v.records());
        assertEquals(10, v.head().orElseThrow().seq());
        assertTrue(Arrays.equals(rows.get(9).hash(), v.head().orElseThrow().hash()));
        assertEquals(1, v.checkpoint().orElseThrow().id());
    }

    @Test
    void shouldNameTheChangedRow() {
        List<ChainRow> rows = chain(10);
        rows.set(4, withOutcome(rows.get(4), "denied"));

        assertBroken(ChainVerifier.verify(chain, rows, List.of(), KEYS), 5, BreakReason.CHANGED);
    }

    @Test
    void shouldNameAChangedPrevHashEvenWhenTheHashStillMatches() {
        List<ChainRow> rows = chain(3);
        ChainRow r = rows.get(1);
        rows.set(1, new ChainRow(r.record(), new byte[32], r.hash()));

        assertBroken(ChainVerifier.verify(chain, rows, List.of(), KEYS), 2, BreakReason.CHANGED);
    }

    @Test
    void shouldNameTheFirstMissingSeq() {
        List<ChainRow> rows = chain(10);
        rows.remove(6);

        assertBroken(ChainVerifier.verify(chain, rows, List.of(), KEYS), 7, BreakReason.MISSING);
    }

    @Test
    void shouldNameAMissingFirstRow() {
        List<ChainRow> rows = chain(3);
        rows.remove(0);

        assertBroken(ChainVerifier.verify(chain, rows, List.of(), KEYS), 1, BreakReason.MISSING);
    }

    @Test
    void shouldNameSwappedContentAsReordered() {
        // content of seq 3 and 6 swapped, each row keeping the hashes stored at its seq
        List<ChainRow> rows = chain(8);
        ChainRow three = rows.get(2);
        ChainRow six = rows.get(5);
        rows.set(2, new ChainRow(reseq(six.record(), 3), three.prevHash(), three.hash()));
        rows.set(5, new ChainRow(reseq(three.record(), 6), six.prevHash(), six.hash()));

        Verification v = ChainVerifier.verify(chain, rows, List.of(), KEYS);

        assertBroken(v, 3, BreakReason.REORDERED);
        assertEquals("the record stored at seq 6 belongs at seq 3", v.broken().orElseThrow().detail());
    }

    @Test
    void shouldNameSwappedWholeRowsAsReordered() {
        // rows 2 and 5 swapped with their hashes (only the seq keys stayed)
        List<ChainRow> rows = chain(6);
        ChainRow two = rows.get(1);
        ChainRow five = rows.get(4);
        rows.set(1, new ChainRow(reseq(five.record(), 2), five.prevHash(), five.hash()));
        rows.set(4, new ChainRow(reseq(two.record(), 5), two.prevHash(), two.hash()));

        assertBroken(ChainVerifier.verify(chain, rows, List.of(), KEYS), 2, BreakReason.REORDERED);
    }

    @Test
    void shouldNameATruncatedTailAgainstTheCheckpoint() {
        List<ChainRow> rows = chain(10);
        Checkpoint cp = checkpoint(1, ChainHash.genesis(), rows.get(9));
        List<ChainRow> cut = rows.subList(0, 8);

        Verification v = ChainVerifier.verify(chain, cut, List.of(cp), KEYS);

        assertBroken(v, 9, BreakReason.TRUNCATED);
    }

    @Test
    void shouldAcceptAChainThatGrewBeyondItsLastCheckpoint() {
        List<ChainRow> rows = chain(10);
        Checkpoint cp = checkpoint(1, ChainHash.genesis(), rows.get(6));

        assertTrue(ChainVerifier.verify(chain, rows, List.of(cp), KEYS).valid());
    }

    @Test
    void shouldDetectARewrittenChainThroughTheCheckpointedHead() {
        // Given rows 1..6 anchored at 3 and 6, then someone recomputes every hash after changing seq 5
        List<ChainRow> rows = chain(6);
        Checkpoint first = checkpoint(1, ChainHash.genesis(), rows.get(2));
        Checkpoint second = checkpoint(2, first.checkpointHash(), rows.get(5));
        List<StoredRecord> records = new ArrayList<>(rows.stream().map(ChainRow::record).toList());
        StoredRecord five = records.get(4);
        records.set(4, new StoredRecord(chain, 5, five.atMillis(), five.actor(), five.kind(), five.device(), five.op(),
                "forged", five.correlationId(), five.detail()));

        Verification v = ChainVerifier.verify(chain, link(records), List.of(first, second), KEYS);

        // Then the break is placed after the last head that still matches
        assertBroken(v, 4, BreakReason.CHANGED);
    }

    @Test
    void shouldRejectAForgedCheckpointSignature() {
        List<ChainRow> rows = chain(4);
        Checkpoint good = checkpoint(1, ChainHash.genesis(), rows.get(3));
        byte[] forged = good.signature().clone();
        forged[10] ^= 1;
        Checkpoint bad = new Checkpoint(good.id(), good.createdAt(), good.prevCheckpointHash(), good.checkpointHash(),
                good.merkleRoot(), good.heads(), good.keyId(), forged);

        assertBroken(ChainVerifier.verify(chain, rows, List.of(bad), KEYS), 4, BreakReason.CHECKPOINT_SIGNATURE);
    }

    @Test
    void shouldRejectACheckpointSignedByAnUnknownKey() {
        List<ChainRow> rows = chain(2);
        KeyPair other = Ed25519Keys.generate();
        Checkpoint cp = checkpoint(1, ChainHash.genesis(), rows.get(1), other, Ed25519Keys.thumbprint(Ed25519Keys.raw(other.getPublic())));

        assertBroken(ChainVerifier.verify(chain, rows, List.of(cp), KEYS), 2, BreakReason.CHECKPOINT_SIGNATURE);
    }

    @Test
    void shouldRejectAHeadEditedInASignedCheckpoint() {
        List<ChainRow> rows = chain(4);
        Checkpoint good = checkpoint(1, ChainHash.genesis(), rows.get(3));
        Checkpoint edited = new Checkpoint(good.id(), good.createdAt(), good.prevCheckpointHash(), good.checkpointHash(),
                good.merkleRoot(), List.of(new ChainHead(chain, 2, rows.get(1).hash())), good.keyId(), good.signature());

        assertBroken(ChainVerifier.verify(chain, rows.subList(0, 2), List.of(edited), KEYS), 2, BreakReason.CHECKPOINT_SIGNATURE);
    }

    @Test
    void shouldRejectConsecutiveCheckpointsThatDoNotLink() {
        List<ChainRow> rows = chain(4);
        Checkpoint first = checkpoint(1, ChainHash.genesis(), rows.get(1));
        Checkpoint second = checkpoint(2, ChainHash.genesis(), rows.get(3));

        assertBroken(ChainVerifier.verify(chain, rows, List.of(first, second), KEYS), 4, BreakReason.CHECKPOINT_SIGNATURE);
    }

    @Test
    void shouldTellNullFromEmptyInTheCanonicalForm() {
        StoredRecord withNull = new StoredRecord(chain, 1, 0, "a", "command", null, null, null, null, null);
        StoredRecord withEmpty = new StoredRecord(chain, 1, 0, "a", "command", "", null, null, null, null);
        StoredRecord shifted = new StoredRecord(chain, 1, 0, "a", "command", null, "", null, null, null);

        assertFalse(Arrays.equals(ChainHash.canonical(withNull), ChainHash.canonical(withEmpty)));
        assertFalse(Arrays.equals(ChainHash.canonical(withEmpty), ChainHash.canonical(shifted)));
    }

    @Test
    void shouldProveInclusionOfEveryLeafInTreesOfOneToSeventeen() {
        for (int n = 1; n <= 17; n++) {
            List<ChainHead> heads = IntStream.range(0, n)
                    .mapToObj(i -> new ChainHead(UUID.randomUUID(), i + 1, ChainHash.sha256().digest(new byte[] {(byte) i})))
                    .sorted(MerkleTree.ORDER).toList();
            byte[] root = MerkleTree.root(heads);
            for (int i = 0; i < n; i++) {
                List<byte[]> proof = MerkleTree.inclusionProof(heads, i);
                byte[] leaf = MerkleTree.leafHash(heads.get(i));
                assertTrue(MerkleTree.verifyInclusion(i, n, leaf, proof, root), "n=" + n + " i=" + i);
                assertFalse(MerkleTree.verifyInclusion((i + 1) % Math.max(n, 2), n, leaf, proof, root) && n > 1, "n=" + n + " i=" + i);
            }
        }
    }

    // ---------------------------------------------------------------- builders

    private List<ChainRow> chain(int n) {
        List<StoredRecord> records = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            records.add(new StoredRecord(chain, i, Instant.parse("2026-03-01T10:00:00Z").toEpochMilli() + i, "tech-1",
                    "command", "thermostat-1", "diag.read", "forwarded", "c-" + i, i % 2 == 0 ? null : "{\"n\":" + i + "}"));
        }
        return link(records);
    }

    private static List<ChainRow> link(List<StoredRecord> records) {
        List<ChainRow> rows = new ArrayList<>();
        byte[] prev = ChainHash.genesis();
        for (StoredRecord r : records.stream().sorted(Comparator.comparingLong(StoredRecord::seq)).toList()) {
            byte[] hash = ChainHash.of(prev, r);
            rows.add(new ChainRow(r, prev, hash));
            prev = hash;
        }
        return rows;
    }

    private static StoredRecord reseq(StoredRecord r, long seq) {
        return new StoredRecord(r.chainId(), seq, r.atMillis(), r.actor(), r.kind(), r.device(), r.op(), r.outcome(),
                r.correlationId(), r.detail());
    }

    private static ChainRow withOutcome(ChainRow row, String outcome) {
        StoredRecord r = row.record();
        return new ChainRow(new StoredRecord(r.chainId(), r.seq(), r.atMillis(), r.actor(), r.kind(), r.device(), r.op(),
                outcome, r.correlationId(), r.detail()), row.prevHash(), row.hash());
    }

    private Checkpoint checkpoint(long id, byte[] prev, ChainRow head) {
        return checkpoint(id, prev, head, KEY, KID);
    }

    /** A checkpoint over this chain's head and two other chains. */
    private Checkpoint checkpoint(long id, byte[] prev, ChainRow head, KeyPair key, String kid) {
        List<ChainHead> heads = new ArrayList<>(List.of(new ChainHead(chain, head.seq(), head.hash()),
                new ChainHead(UUID.randomUUID(), 3, new byte[32]), new ChainHead(UUID.randomUUID(), 9, new byte[32])));
        heads.sort(MerkleTree.ORDER);
        byte[] root = MerkleTree.root(heads);
        Instant at = Instant.parse("2026-03-01T11:00:00Z").plusSeconds(id);
        byte[] signed = Checkpoint.signedBytes(id, at, prev, root);
        return new Checkpoint(id, at, prev, ChainHash.sha256().digest(signed), root, List.copyOf(heads), kid,
                Ed25519Keys.sign(key.getPrivate(), signed));
    }

    private static void assertBroken(Verification v, long seq, BreakReason reason) {
        assertFalse(v.valid(), "expected " + reason.wireName() + " at " + seq);
        assertEquals(reason, v.broken().orElseThrow().reason(), v.broken().orElseThrow().detail());
        assertEquals(seq, v.broken().orElseThrow().firstBrokenSeq(), v.broken().orElseThrow().detail());
    }
}
