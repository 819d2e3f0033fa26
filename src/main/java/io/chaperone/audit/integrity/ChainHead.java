package io.chaperone.audit.integrity;

import java.util.UUID;

/** The last committed record of a chain: what a checkpoint anchors. */
public record ChainHead(UUID chainId, long seq, byte[] hash) {
}
