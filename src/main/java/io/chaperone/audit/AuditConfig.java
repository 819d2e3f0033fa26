package io.chaperone.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code chaperone.audit.*}: bounds of the group-commit writer. */
@ConfigMapping(prefix = "chaperone.audit")
public interface AuditConfig {

    /** A C1 record not committed within this fails with {@link AuditUnavailableException}. */
    @WithDefault("2s")
    Duration commitTimeout();

    /** Most C2 records accepted but not yet committed; {@code offer} answers false beyond it. */
    @WithDefault("10000")
    int c2Capacity();

    /** Most records in one INSERT. */
    @WithDefault("256")
    int batchSize();

    /** Longest a record waits for companions before an idle writer flushes. */
    @WithDefault("2ms")
    Duration batchDelay();

    /** Commits failing for longer than this fire {@link AuditOutage} (down). */
    @WithDefault("5s")
    Duration outageAfter();

    /** An INSERT with no answer within this counts as failed and is retried (same rows, same seqs). */
    @WithDefault("5s")
    Duration statementTimeout();

    /** Shutdown waits at most this long for the queue to drain. */
    @WithDefault("10s")
    Duration drainTimeout();

    /** A chain idle this long forgets its in-memory seq (it is read again from the table if seen again). */
    @WithDefault("15m")
    Duration chainIdle();

    /** [integrity] How often the heads of changed chains are signed into a checkpoint (docs/audit.md). */
    @WithDefault("10s")
    Duration checkpointInterval();

    /**
     * [integrity] How long the node that signs checkpoints stays the signer without signing again (ADR 0019): another
     * node takes over once this passed. Longer than {@link #checkpointInterval()}.
     */
    @WithDefault("30s")
    Duration checkpointSignerLease();

    /** [integrity] PKCS#8 PEM Ed25519 private key; unset: a key is generated at start (one node only). */
    Optional<String> checkpointKeyLocation();

    /** Connections of the writer's own pool ({@link AuditDatabase}). */
    @io.smallrye.config.WithDefault("4")
    int poolSize();

    /** Benchmark-only switches (load-tests/): the gateway refuses to start with one off outside demo/dev/test. */
    Benchmark benchmark();

    interface Benchmark {

        /**
         * Off: details are stored as given (no {@link AuditSealer}) and rows carry constant zero hashes instead
         * of the chain (scenario 03 without integrity measures what sealing and chaining cost). The checkpoints
         * then sign meaningless heads: never for real data.
         */
        @WithDefault("true")
        boolean integrityEnabled();
    }
}
