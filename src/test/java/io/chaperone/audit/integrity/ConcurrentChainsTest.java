package io.chaperone.audit.integrity;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.chaperone.audit.integrity.IntegrityWorld.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer under concurrent producers: no fork, no skipped seq, and the SQL form of the hash agrees. */
@QuarkusTest
class ConcurrentChainsTest {

    private static final UUID HOME = UUID.fromString("00000000-0000-0000-0000-00000000a0d2");

    @Inject
    AuditWriter writer;
    @Inject
    AuditChains chains;
    @Inject
    IntegrityWorld world;
    @Inject
    Pool pool;

    @Test
    void shouldNeverForkOrSkipUnderFiftyConcurrentChains() throws Exception {
        // Given 50 chains fed by 5 threads, C1 and C2 mixed
        List<UUID> ids = IntStream.range(0, 50).mapToObj(i -> UUID.randomUUID()).toList();
        Map<UUID, List<Uni<Long>>> committed = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            // When each thread writes 100 records to each of its 10 chains as fast as it can
            for (int t = 0; t < 5; t++) {
                int thread = t;
                threads.submit(() -> {
                    for (int r = 0; r < 100; r++) {
                        for (int c = thread; c < ids.size(); c += 5) {
                            UUID chain = ids.get(c);
                            if (r % 4 == 0) {
                                while (!writer.offer(record(chain, AuditKind.OUTPUT, r))) {
                                    Thread.onSpinWait();
                                }
                            } else {
                                committed.computeIfAbsent(chain, k -> Collections.synchronizedList(new ArrayList<>()))
                                        .add(writer.commit(record(chain, AuditKind.COMMAND, r)));
                            }
                        }
                    }
                });
            }
            threads.shutdown();
            assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
        for (UUID chain : ids) {
            Uni.join().all(committed.get(chain)).andFailFast().await().atMost(WAIT);
        }
        world.anchored(ids.getLast(), 1);

        // Then every chain holds 1..100 and verifies, each with its head anchored by a checkpoint
        for (UUID chain : ids) {
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> chains.rows(chain).await().atMost(WAIT).size() == 100);
            world.anchored(chain, 100);
            Verification v = chains.verify(chain).await().atMost(WAIT);
            assertTrue(v.valid(), () -> chain + ": " + v.broken());
            assertEquals(100, v.records());
            assertEquals(100, v.head().orElseThrow().seq());
            assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(),
                    chains.rows(chain).await().atMost(WAIT).stream().map(ChainRow::seq).toList());
        }
    }

    @Test
    void shouldHashExactlyAsTheMigrationsSqlFormDoes() {
        // Given records with nulls, empty strings, non-ASCII text and a NUL the writer replaces
        UUID chain = UUID.randomUUID();
        Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
        writer.commit(new AuditRecord(chain, HOME, at, "résident-7", AuditKind.SESSION_APPROVED, "", null, "ok", null, "{\"k\":\"ü\"}"))
                .await().atMost(WAIT);
        writer.commit(new AuditRecord(chain, HOME, at, "tech\u0000-1", AuditKind.COMMAND, "lock-1", "config.write", null, "", null))
                .await().atMost(WAIT);

        // When the database recomputes every hash with audit_record_hash (V60)
        long mismatches = pool.preparedQuery("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND hash <> "
                        + "audit_record_hash(prev_hash, chain_id, seq, at, actor, kind, device, op, outcome, correlation_id, detail)")
                .execute(Tuple.of(chain)).await().atMost(WAIT).iterator().next().getLong(0);

        // Then it agrees with the writer, and the Java verifier accepts the chain
        assertEquals(0L, mismatches);
        assertTrue(chains.verify(chain).await().atMost(WAIT).valid());
    }

    private static AuditRecord record(UUID chain, AuditKind kind, int r) {
        return new AuditRecord(chain, HOME, Instant.now(), "tech-1", kind, "thermostat-1", "diag.read", "ok", "r-" + r,
                "{\"r\":" + r + "}");
    }
}
