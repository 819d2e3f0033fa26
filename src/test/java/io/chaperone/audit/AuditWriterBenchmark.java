package io.chaperone.audit;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static io.chaperone.audit.AuditFixtures.command;
import static io.chaperone.audit.AuditFixtures.output;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sustained rows/s of the writer against the real database: 4 producer threads over 200 chains, one C1
 * command per four C2 output records, at most 2000 C1 commits outstanding (sessions waiting to forward),
 * C2 producers pausing on a full buffer until {@code whenWritable}. Not a pass/fail timing test.
 * Run: {@code CHAPERONE_TEST_DB=chaperone_test_audit ./mvnw -B test -Dtest=AuditWriterBenchmark -DexcludedGroups= -Dgroups=benchmark}
 */
@QuarkusTest
@Tag("benchmark")
class AuditWriterBenchmark {

    private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long MEASURE_NANOS = TimeUnit.SECONDS.toNanos(15);

    @Inject
    AuditWriter writer;

    @Test
    void measureSustainedRowsPerSecond() throws InterruptedException {
        List<UUID> chains = IntStream.range(0, 200).mapToObj(i -> UUID.randomUUID()).toList();
        Semaphore outstandingC1 = new Semaphore(2_000);
        AtomicLong c1Failures = new AtomicLong();
        long end = System.nanoTime() + WARMUP_NANOS + MEASURE_NANOS;
        ExecutorService producers = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            producers.submit(() -> produce(chains, thread, end, outstandingC1, c1Failures));
        }

        long startNanos = System.nanoTime() + WARMUP_NANOS;
        waitUntil(startNanos);
        long rows0 = writer.rowsWritten();
        long batches0 = writer.batchesWritten();
        waitUntil(startNanos + MEASURE_NANOS);
        long rows = writer.rowsWritten() - rows0;
        long batches = writer.batchesWritten() - batches0;
        producers.shutdown();
        assertTrue(producers.awaitTermination(30, TimeUnit.SECONDS));

        double seconds = MEASURE_NANOS / 1e9;
        System.out.printf("AUDIT BENCHMARK: %.0f rows/s (C1:C2 = 1:4), %d batches, %.1f rows/batch, C1 failures %d%n",
                rows / seconds, batches, batches == 0 ? 0.0 : (double) rows / batches, c1Failures.get());
        assertEquals(0, c1Failures.get());
    }

    private void produce(List<UUID> chains, int thread, long end, Semaphore outstandingC1, AtomicLong failures) {
        long n = 0;
        while (System.nanoTime() < end) {
            UUID chain = chains.get((int) ((n * 4 + thread) % chains.size()));
            if (n % 5 == 0) {
                outstandingC1.acquireUninterruptibly();
                writer.commit(command(chain, "c")).subscribe().with(
                        seq -> outstandingC1.release(),
                        err -> { failures.incrementAndGet(); outstandingC1.release(); });
            } else if (!writer.offer(output(chain, "o"))) {
                CountDownLatch writable = new CountDownLatch(1);
                writer.whenWritable(writable::countDown);
                awaitQuietly(writable);
                continue;
            }
            n++;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The end of a measurement window. */
    private static void waitUntil(long nanoTime) {
        await().atMost(Duration.ofNanos(nanoTime - System.nanoTime()).plusSeconds(1))
                .pollInterval(Duration.ofMillis(50)).until(() -> System.nanoTime() >= nanoTime);
    }
}
