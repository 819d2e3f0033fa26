package io.chaperone.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.chaperone.support.Management.management;
import static io.chaperone.audit.AuditFixtures.HOME;
import static io.chaperone.audit.AuditFixtures.command;
import static io.chaperone.audit.AuditFixtures.output;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AuditWriterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AuditWriter writer;

    @Inject
    AuditRows rows;

    @Test
    void shouldCommitSeqsOneToNInOrderPerChain() {
        // Given two fresh chains
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();

        // When five records per chain are committed, interleaved, without waiting in between
        List<Uni<Long>> ofA = new ArrayList<>();
        List<Uni<Long>> ofB = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ofA.add(writer.commit(command(a, "a-" + i)));
            ofB.add(writer.commit(command(b, "b-" + i)));
        }

        // Then each chain got 1..5 in the order of the calls, and the table says the same
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ofA.stream().map(u -> u.await().atMost(WAIT)).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ofB.stream().map(u -> u.await().atMost(WAIT)).toList());
        assertEquals(List.of("a-0", "a-1", "a-2", "a-3", "a-4"), rows.correlationIds(a));
        assertEquals(List.of("b-0", "b-1", "b-2", "b-3", "b-4"), rows.correlationIds(b));
    }

    @Test
    void shouldContinueAChainFromItsLastStoredSeq() {
        // Given a chain another node already wrote up to seq 3
        UUID chain = UUID.randomUUID();
        for (long seq = 1; seq <= 3; seq++) {
            rows.insertDirectly(chain, HOME, seq);
        }

        // When this writer sees it for the first time
        long seq = writer.commit(command(chain, "next")).await().atMost(WAIT);

        // Then it continues without a gap
        assertEquals(4L, seq);
        assertEquals(List.of(1L, 2L, 3L, 4L), rows.seqs(chain));
    }

    @Test
    void shouldWriteFiftyConcurrentChainsWithoutGapOrDuplicate() throws Exception {
        // Given 50 chains fed by 5 threads, each chain by one thread in its own order
        int chains = 50;
        int perChain = 200;
        List<UUID> ids = IntStream.range(0, chains).mapToObj(i -> UUID.randomUUID()).toList();
        Map<UUID, List<Uni<Long>>> results = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            // When every thread commits 200 records to each of its 10 chains as fast as it can
            for (int t = 0; t < 5; t++) {
                int thread = t;
                threads.submit(() -> {
                    for (int r = 0; r < perChain; r++) {
                        for (int c = thread; c < chains; c += 5) {
                            UUID chain = ids.get(c);
                            results.computeIfAbsent(chain, k -> Collections.synchronizedList(new ArrayList<>()))
                                    .add(writer.commit(command(chain, "r-" + r)));
                        }
                    }
                });
            }
            threads.shutdown();
            assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }

        // Then every call got the seq of its position, and every chain holds exactly 1..200 in call order
        List<Long> expectedSeqs = LongStream.rangeClosed(1, perChain).boxed().toList();
        List<String> expectedIds = IntStream.range(0, perChain).mapToObj(r -> "r-" + r).toList();
        for (UUID chain : ids) {
            List<Long> returned = Uni.join().all(results.get(chain)).andFailFast().await().atMost(WAIT);
            assertEquals(expectedSeqs, returned);
            assertEquals(expectedSeqs, rows.seqs(chain));
            assertEquals(expectedIds, rows.correlationIds(chain));
        }
    }

    @Test
    void shouldGroupAThousandOffersIntoFewStatements() {
        // Given
        UUID chain = UUID.randomUUID();
        long batchesBefore = writer.batchesWritten();

        // When 1000 C2 records are offered in a burst
        for (int i = 0; i < 1000; i++) {
            assertTrue(writer.offer(output(chain, "o-" + i)));
        }

        // Then all are written, in order, by far fewer statements than records
        await().atMost(WAIT).until(() -> rows.count(chain) == 1000);
        assertEquals(LongStream.rangeClosed(1, 1000).boxed().toList(), rows.seqs(chain));
        long batches = writer.batchesWritten() - batchesBefore;
        assertTrue(batches >= 4 && batches <= 50, "1000 rows took " + batches + " batches");
        await().atMost(WAIT).until(() -> writer.queueDepth() == 0 && writer.bufferedC2() == 0);
    }

    @Test
    void shouldStoreWireKindMillisecondTimeAndEveryField() {
        // Given a record with sub-millisecond time
        UUID chain = UUID.randomUUID();
        Instant at = Instant.parse("2026-03-01T10:15:30.123456789Z");
        AuditRecord record = new AuditRecord(chain, HOME, at, "resident-7", AuditKind.SESSION_APPROVED,
                "lock-1", "config.write", "approved", "req-9", "{\"minutes\":30}");

        // When
        writer.commit(record).await().atMost(WAIT);

        // Then
        AuditRows.Stored stored = rows.of(chain).getFirst();
        assertEquals(new AuditRows.Stored(1, "session.approved", Instant.parse("2026-03-01T10:15:30.123Z"),
                "resident-7", "lock-1", "config.write", "approved", "req-9", "{\"minutes\":30}", HOME), stored);
    }

    @Test
    void shouldStoreANulCharacterAsReplacementInsteadOfBlockingTheWriter() {
        // Given output from a hub with a NUL character, which PostgreSQL text cannot hold
        UUID chain = UUID.randomUUID();
        AuditRecord record = new AuditRecord(chain, HOME, Instant.now(), "hub:1", AuditKind.OUTPUT, null, null,
                null, "c-1", "{\"chunk\":\"a\u0000b\"}");

        // When
        assertTrue(writer.offer(record));

        // Then it is stored with U+FFFD and the next record still commits
        assertEquals(2L, writer.commit(command(chain, "after")).await().atMost(WAIT));
        assertEquals("{\"chunk\":\"a\uFFFDb\"}", rows.of(chain).getFirst().detail());
    }

    @Test
    void shouldRefuseAC2KindOnCommitAndAC1KindOnOffer() {
        UUID chain = UUID.randomUUID();

        assertThrows(IllegalArgumentException.class, () -> writer.commit(output(chain, "x")));
        assertThrows(IllegalArgumentException.class, () -> writer.offer(command(chain, "y")));

        assertEquals(0, rows.count(chain));
    }

    @Test
    void shouldRunWhenWritableAtOnceWhenTheBufferIsBelowHalf() throws Exception {
        CountDownLatch called = new CountDownLatch(1);

        writer.whenWritable(called::countDown);

        assertTrue(called.await(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldReportTheWriterReady() {
        management().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'audit-writer' }.status", equalTo("UP"));
    }
}
