package io.chaperone.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.chaperone.audit.AuditFixtures.HOME;
import static io.chaperone.audit.AuditFixtures.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@link BatchInsert} against the real table: a batch is stored whole, once, with the seqs it reports. */
@QuarkusTest
class BatchInsertTest {

    @Inject
    Vertx vertx;
    @Inject
    AuditDatabase database;
    @Inject
    AuditRows rows;

    private final ChainSequences chains = new ChainSequences();
    private BatchInsert insert;
    private SqlConnection connection;

    @BeforeEach
    void connect() throws Exception {
        insert = new BatchInsert(chains, vertx.getOrCreateContext(), true);
        connection = await(database.pool().getDelegate().getConnection());
    }

    @AfterEach
    void close() throws Exception {
        await(connection.close());
    }

    @Test
    void shouldTakeARetryOfABatchWhoseCommitLandedAsStoredWithoutWritingTwice() throws Exception {
        // Given a batch of two rows that was committed, its answer (as if) lost
        UUID chain = UUID.randomUUID();
        AuditBatch batch = batch(chain, "a", "b");
        await(insert.send(connection, batch, () -> true));

        // When the writer retries it as it is (after counting the attempt whose answer it never got)
        batch.attempts++;
        AuditBatch retried = await(insert.send(connection, batch, () -> true));

        // Then the retry is settled as stored: same seqs, and the table holds each row once
        assertSame(batch, retried);
        assertEquals(List.of(1L, 2L), batch.rows.stream().map(p -> p.seq).toList());
        assertEquals(List.of(1L, 2L), rows.seqs(chain));
        assertEquals(List.of("a", "b"), rows.correlationIds(chain));
    }

    @Test
    void shouldMoveEveryRowOfAChainBehindAForeignRowAndLeaveOtherChainsAlone() throws Exception {
        // Given a batch for two chains, and a foreign row taking the first seq of one of them
        UUID taken = UUID.randomUUID();
        UUID free = UUID.randomUUID();
        AuditBatch batch = batch(List.of(taken, taken, free), "t-1", "t-2", "f-1");
        rows.insertDirectly(taken, HOME, 1);

        // When it is sent
        await(insert.send(connection, batch, () -> true));

        // Then the rows of the continued chain follow the foreign row, the other chain keeps its seq
        assertEquals(List.of(2L, 3L, 1L), batch.rows.stream().map(p -> p.seq).toList());
        assertEquals(List.of(1L, 2L, 3L), rows.seqs(taken));
        assertEquals(List.of("t-1", "t-2"), rows.correlationIds(taken).subList(1, 3));
        assertEquals(List.of("f-1"), rows.correlationIds(free));
    }

    @Test
    void shouldNotClaimAnIdenticalRowAnotherWriterStoredOnAFirstAttempt() throws Exception {
        // Given two writers with the same view of a new chain and the very same record (same instant, same content)
        UUID chain = UUID.randomUUID();
        AuditRecord record = output(chain, "same");
        ChainSequences otherChains = new ChainSequences();
        BatchInsert other = new BatchInsert(otherChains, vertx.getOrCreateContext(), true);
        AuditBatch theirs = batch(otherChains, List.of(record));
        AuditBatch mine = batch(chains, List.of(record));
        assertEquals(java.util.Arrays.toString(theirs.rows.getFirst().hash), java.util.Arrays.toString(mine.rows.getFirst().hash));
        await(other.send(connection, theirs, () -> true));

        // When this writer sends its batch for the first time
        await(insert.send(connection, mine, () -> true));

        // Then its record is not taken for the other's: it is stored too, after it, and reported at that seq
        assertEquals(2L, mine.rows.getFirst().seq);
        assertEquals(List.of(1L, 2L), rows.seqs(chain));
        assertEquals(List.of("same", "same"), rows.correlationIds(chain));
    }

    private AuditBatch batch(ChainSequences sequences, List<AuditRecord> records) throws Exception {
        await(sequences.load(connection, Set.of(records.getFirst().chainId())));
        List<PendingRecord> pending = new ArrayList<>();
        for (AuditRecord r : records) {
            PendingRecord p = PendingRecord.buffered(r);
            p.state = PendingRecord.State.IN_FLIGHT;
            p.seq = sequences.assign(r.chainId(), System.nanoTime());
            pending.add(p);
        }
        AuditBatch batch = new AuditBatch(pending);
        batch.chain(pending.stream().map(p -> p.record.detail()).toList(), sequences);
        return batch;
    }

    private AuditBatch batch(UUID chain, String... correlationIds) throws Exception {
        return batch(Collections.nCopies(correlationIds.length, chain), correlationIds);
    }

    /** Rows assigned and chained the way BatchAssembly does it, with their details stored as given. */
    private AuditBatch batch(List<UUID> chainIds, String... correlationIds) throws Exception {
        await(chains.load(connection, Set.copyOf(chainIds)));
        List<PendingRecord> pending = new ArrayList<>();
        for (int i = 0; i < correlationIds.length; i++) {
            PendingRecord p = PendingRecord.buffered(output(chainIds.get(i), correlationIds[i]));
            p.state = PendingRecord.State.IN_FLIGHT;
            p.seq = chains.assign(chainIds.get(i), System.nanoTime());
            pending.add(p);
        }
        AuditBatch batch = new AuditBatch(pending);
        batch.chain(pending.stream().map(p -> p.record.detail()).toList(), chains);
        return batch;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
