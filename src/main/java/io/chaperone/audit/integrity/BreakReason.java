package io.chaperone.audit.integrity;

/** Why a chain does not verify (docs/audit.md "Verification"). */
public enum BreakReason {
    /** A row's stored hash (or prev_hash) is not what its content and the verified prefix give. */
    CHANGED("changed"),
    /** A seq is absent: the first absent seq is named. */
    MISSING("missing"),
    /** The row at seq k fails, and the content of a later row j hashes correctly at k: the two were swapped. */
    REORDERED("reordered"),
    /** The chain ends before the head a valid checkpoint recorded for it. */
    TRUNCATED("truncated"),
    /** A checkpoint covering the chain is not signed by a known key, or its hash, root or link is wrong. */
    CHECKPOINT_SIGNATURE("checkpoint_signature");

    private final String wireName;

    BreakReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() { return wireName; }
}
