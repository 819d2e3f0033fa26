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

        // When the writer retries it as it is
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
