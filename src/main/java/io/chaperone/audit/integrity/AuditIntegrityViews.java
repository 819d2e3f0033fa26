package io.chaperone.audit.integrity;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** The wire form of verification results and checkpoints (hashes in hex, the signature in base64). */
public final class AuditIntegrityViews {

    private AuditIntegrityViews() {
    }

    public record HeadView(long seq, String hash) {
    }

    public record CheckpointRef(long id, Instant createdAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VerifyView(boolean valid, UUID chainId, Long records, HeadView head, CheckpointRef checkpoint,
                             Long firstBrokenSeq, String reason, String detail) {

        public static VerifyView of(Verification v) {
            if (v.valid()) {
                return new VerifyView(true, v.chainId(), v.records(),
                        v.head().map(h -> new HeadView(h.seq(), ChainHash.hex(h.hash()))).orElse(null),
                        v.checkpoint().map(c -> new CheckpointRef(c.id(), c.createdAt())).orElse(null),
                        null, null, null);
            }
            Verification.Broken b = v.broken().orElseThrow();
            return new VerifyView(false, v.chainId(), null, null, null, b.firstBrokenSeq(), b.reason().wireName(), b.detail());
        }
    }

    /** The leaf of one chain head: chain id, seq and the head's hash. */
    public record HeadEntry(UUID chainId, long seq, String hash) {
        static HeadEntry of(ChainHead h) {
            return new HeadEntry(h.chainId(), h.seq(), ChainHash.hex(h.hash()));
        }
    }

    public record InclusionProof(int leafIndex, int treeSize, List<String> path) {
    }

    /**
     * A checkpoint's signed fields, the session chain's head and its Merkle inclusion proof; never the other
     * heads of the checkpoint, which belong to other sessions, hubs and homes.
     */
    public record CheckpointView(long id, Instant createdAt, String prevCheckpointHash, String checkpointHash,
                                 String merkleRoot, String keyId, String signature,
                                 HeadEntry chainHead, InclusionProof inclusionProof) {

        public static CheckpointView of(Checkpoint c, UUID chainId) {
            int index = c.indexOf(chainId);
            List<String> path = MerkleTree.inclusionProof(c.heads(), index).stream().map(ChainHash::hex).toList();
            return new CheckpointView(c.id(), c.createdAt(), ChainHash.hex(c.prevCheckpointHash()),
                    ChainHash.hex(c.checkpointHash()), ChainHash.hex(c.merkleRoot()), c.keyId(),
                    Base64.getEncoder().encodeToString(c.signature()), HeadEntry.of(c.heads().get(index)),
                    new InclusionProof(index, c.heads().size(), path));
        }
    }
}
