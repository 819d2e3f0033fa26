package io.chaperone.audit.integrity;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One signed checkpoint. The signed bytes are {@code id (8 BE) ‖ created_at epoch millis (8 BE) ‖
 * prev_checkpoint_hash (32) ‖ merkle_root (32)}; {@code checkpoint_hash} is their SHA-256 and the next
 * checkpoint's {@code prev_checkpoint_hash} (32 zero bytes before the first). {@code heads} are in
 * {@link MerkleTree#ORDER}; the root is over them.
 */
public record Checkpoint(long id, Instant createdAt, byte[] prevCheckpointHash, byte[] checkpointHash,
                         byte[] merkleRoot, List<ChainHead> heads, String keyId, byte[] signature) {

    public static byte[] signedBytes(long id, Instant createdAt, byte[] prevCheckpointHash, byte[] merkleRoot) {
        return ByteBuffer.allocate(16 + 2 * ChainHash.LENGTH).putLong(id).putLong(createdAt.toEpochMilli())
                .put(prevCheckpointHash).put(merkleRoot).array();
    }

    public byte[] signedBytes() {
        return signedBytes(id, createdAt, prevCheckpointHash, merkleRoot);
    }

    public Optional<ChainHead> headOf(UUID chainId) {
        return heads.stream().filter(h -> h.chainId().equals(chainId)).findFirst();
    }

    public int indexOf(UUID chainId) {
        for (int i = 0; i < heads.size(); i++) {
            if (heads.get(i).chainId().equals(chainId)) {
                return i;
            }
        }
        return -1;
    }
}
