package io.chaperone.audit.integrity;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A signed checkpoint as one caller may see it: what its signature covers (id, time, previous hash, Merkle
 * root, key id) and, for each of the caller's own chains it anchors, the leaf and its RFC 6962 audit path.
 * The other heads of the checkpoint (other homes' session and hub ids and their activity) are never shown;
 * the audit paths reveal only hashes. Hashes in hex, the signature in base64, the time ISO-8601 UTC with ms.
 */
public record CheckpointProof(long id, String createdAt, String prevCheckpointHash, String checkpointHash,
                              String merkleRoot, int treeSize, String keyId, String signature,
                              List<Inclusion> inclusions) {

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** One chain head under the root: the leaf is {@code (chainId, seq, hash)}, at {@code leafIndex}. */
    public record Inclusion(UUID chainId, long seq, String hash, int leafIndex, List<String> auditPath) {
    }

    /** The proofs of those of {@code chains} that {@code checkpoint} anchors, in leaf order. */
    public static CheckpointProof of(Checkpoint checkpoint, Collection<UUID> chains) {
        Set<UUID> own = Set.copyOf(chains);
        List<ChainHead> heads = checkpoint.heads();
        List<Inclusion> inclusions = new ArrayList<>();
        for (int i = 0; i < heads.size(); i++) {
            ChainHead head = heads.get(i);
            if (own.contains(head.chainId())) {
                inclusions.add(new Inclusion(head.chainId(), head.seq(), ChainHash.hex(head.hash()), i,
                        MerkleTree.inclusionProof(heads, i).stream().map(ChainHash::hex).toList()));
            }
        }
        return new CheckpointProof(checkpoint.id(), time(checkpoint.createdAt()), ChainHash.hex(checkpoint.prevCheckpointHash()),
                ChainHash.hex(checkpoint.checkpointHash()), ChainHash.hex(checkpoint.merkleRoot()), heads.size(),
                checkpoint.keyId(), Base64.getEncoder().encodeToString(checkpoint.signature()), List.copyOf(inclusions));
    }

    private static String time(Instant at) {
        return MILLIS.format(at);
    }
}
