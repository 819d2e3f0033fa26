package io.chaperone.audit.integrity;

import java.util.Optional;
import java.util.UUID;

/** What {@link ChainVerifier} found: a valid chain with its head, or the first broken seq and why. */
public record Verification(UUID chainId, long records, Optional<ChainHead> head, Optional<Checkpoint> checkpoint,
                           Optional<Broken> broken) {

    public record Broken(long firstBrokenSeq, BreakReason reason, String detail) {
    }

    public boolean valid() { return broken.isEmpty(); }

    static Verification valid(UUID chainId, long records, ChainHead head, Checkpoint latest) {
        return new Verification(chainId, records, Optional.ofNullable(head), Optional.ofNullable(latest), Optional.empty());
    }

    static Verification broken(UUID chainId, long records, long seq, BreakReason reason, String detail) {
        return new Verification(chainId, records, Optional.empty(), Optional.empty(),
                Optional.of(new Broken(seq, reason, detail)));
    }
}
