package io.chaperone.audit;

import io.chaperone.support.TcpFaultProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.chaperone.support.Management.management;
import static io.chaperone.audit.AuditFixtures.command;
import static io.chaperone.audit.AuditFixtures.output;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer with its database behind a {@link TcpFaultProxy}: cuts, outages, latency. */
@QuarkusTest
@TestProfile(AuditFaultProfile.class)
class AuditWriterFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Injected by {@link io.chaperone.support.DatabaseFaultResource}. */
    TcpFaultProxy proxy;

    @Inject
    AuditWriter writer;

    @Inject
    AuditRows rows;

    @Inject
    OutageRecorder outages;

    @AfterEach
    void heal() {
        proxy.restore();
        await().atMost(WAIT).until(() -> writer.healthy() && writer.queueDepth() == 0);
        outages.clear();
    }

    @Test
    void shouldFailC1AfterTheBoundAndNeverWriteItWhenTheDatabaseIsCut() throws Exception {
        // Given a chain with one committed record, and a database that has just gone away
        UUID chain = UUID.randomUUID();
        assertEquals(1L, writer.commit(command(chain, "before")).await().atMost(WAIT));
        cutAndWaitUntilTheWriterNotices(chain);

        // When a command is audited during the cut
        long start = System.nanoTime();
        CompletableFuture<Long> during = writer.commit(command(chain, "during")).subscribeAsCompletionStage();

        // Then it fails with audit unavailable after the 2 s bound, not before
        await().atMost(WAIT).until(during::isDone);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, during::get);
        assertInstanceOf(AuditUnavailableException.class, failure.getCause());
        assertTrue(tookMs >= 2_000 && tookMs < 2_500, "failed after " + tookMs + " ms");

        // And after the restore it was never written: the next record takes the seq after the canary
        proxy.restore();
        assertEquals(3L, writer.commit(command(chain, "after")).await().atMost(WAIT));
        assertEquals(List.of("before", "canary", "after"), rows.correlationIds(chain));
    }

    @Test
    void shouldAnnounceTheOutageAndTheRecoveryAndTurnReadinessDownThenUp() {
        // Given
        UUID chain = UUID.randomUUID();
        Instant before = Instant.now();

        // When the database is cut for longer than outage-after (1 s)
        cutAndWaitUntilTheWriterNotices(chain);

        // Then readiness is DOWN and one outage is announced, dated from the first failure
        management().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'audit-writer' }.status", equalTo("DOWN"));
        await().atMost(WAIT).until(() -> outages.events().size() == 1);
        AuditOutage down = outages.events().getFirst();
        assertTrue(down.down());
        assertFalse(down.since().isBefore(before.minusMillis(1)));

        // When the database comes back
        proxy.restore();

        // Then recovery is announced once, readiness is UP, and the canary was written exactly once
        await().atMost(WAIT).until(() -> outages.events().size() == 2);
        assertFalse(outages.events().get(1).down());
        await().atMost(WAIT).untilAsserted(() -> management().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'audit-writer' }.status", equalTo("UP")));
        assertEquals(List.of(1L), rows.seqs(chain));
    }

    @Test
    void shouldWriteEveryC2RecordOfferedDuringTheCutExactlyOnceAfterRestore() {
        // Given
        UUID chain = UUID.randomUUID();
        cutAndWaitUntilTheWriterNotices(chain);

        // When 150 more records are offered while the database is cut, then it comes back
        for (int i = 0; i < 150; i++) {
            assertTrue(writer.offer(output(chain, "o-" + i)));
        }
        proxy.restore();

        // Then all 151 are written once each, in order
        await().atMost(WAIT).until(() -> writer.queueDepth() == 0);
        List<String> expected = new ArrayList<>(List.of("canary"));
        IntStream.range(0, 150).mapToObj(i -> "o-" + i).forEach(expected::add);
        assertEquals(expected, rows.correlationIds(chain));
        assertEquals(LongStream.rangeClosed(1, 151).boxed().toList(), rows.seqs(chain));
    }

    @Test
    void shouldRefuseOffersWhenTheBufferIsFullAndCallWhenWritableAfterRecovery() throws Exception {
        // Given a cut database and a buffer filled to its capacity
        UUID chain = UUID.randomUUID();
        cutAndWaitUntilTheWriterNotices(chain);
        int accepted = 1;
        while (writer.offer(output(chain, "o-" + accepted))) {
            accepted++;
        }
        assertEquals(AuditFaultProfile.C2_CAPACITY, accepted);
        assertFalse(writer.offer(output(chain, "refused")));
        management().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'audit-writer' }.data.bufferedC2", equalTo(accepted));

        // When the producer waits for room
        CountDownLatch writable = new CountDownLatch(1);
        writer.whenWritable(writable::countDown);

        // Then nothing happens while the database is away, and the callback runs once it is back
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> writable.getCount() == 1);
        proxy.restore();
        assertTrue(writable.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        await().atMost(WAIT).until(() -> writer.queueDepth() == 0);
        assertEquals(LongStream.rangeClosed(1, accepted).boxed().toList(), rows.seqs(chain));
        assertFalse(rows.correlationIds(chain).contains("refused"));
    }

    @Test
    void shouldCommitInOrderAcrossBatchesUnderInjectedLatency() {
        // Given a chain whose first record (and so its data key, docs/privacy.md) is written, then 300 ms more
        // on every trip to the database; creating the key of a new chain costs one more trip, paid once
        UUID chain = UUID.randomUUID();
        writer.commit(command(chain, "first")).await().atMost(WAIT);
        proxy.addLatency(Duration.ofMillis(300));
        long batchesBefore = writer.batchesWritten();

        // When 40 commands are audited one every 10 ms, the second half only once the first commit is
        // known (so at least two batches are written one after another behind the latency)
        List<Uni<Long>> commits = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int half = 0; half < 2; half++) {
            ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
            try {
                for (int i = half * 20; i < half * 20 + 20; i++) {
                    String id = "c-" + i;
                    producer.schedule(() -> { commits.add(writer.commit(command(chain, id))); },
                            (i - half * 20) * 10L, TimeUnit.MILLISECONDS);
                }
                producer.shutdown();
                await().atMost(WAIT).until(() -> producer.awaitTermination(1, TimeUnit.SECONDS));
            } finally {
                producer.shutdownNow();
            }
            if (half == 0) {
                commits.getFirst().await().atMost(WAIT);
            }
        }

        // Then every command committed within the bound with the seq of its position, nothing reordered
        assertEquals(LongStream.rangeClosed(2, 41).boxed().toList(),
                Uni.join().all(commits).andFailFast().await().atMost(WAIT));
        assertEquals(java.util.stream.Stream.concat(java.util.stream.Stream.of("first"),
                IntStream.range(0, 40).mapToObj(i -> "c-" + i)).toList(), rows.correlationIds(chain));
        assertTrue(writer.batchesWritten() - batchesBefore >= 2);
    }

    /**
     * Cuts the database and offers one C2 "canary", then waits until the writer has failed a commit: by
     * then the pool has dropped every connection the cut closed, so later records are never sent before
     * the restore (a record already sent when a connection breaks is retried as it is and may land).
     */
    private void cutAndWaitUntilTheWriterNotices(UUID chain) {
        proxy.cut();
        assertTrue(writer.offer(output(chain, "canary")));
        await().atMost(WAIT).until(() -> !writer.healthy());
    }
}
