package io.chaperone.audit;

import io.chaperone.audit.integrity.AuditChains;
import io.chaperone.audit.integrity.Verification;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.chaperone.audit.AuditFixtures.HOME;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two writers of one chain, as two nodes are (ADR 0019): two {@link AuditWriter}s, each with its own pool, its own
 * event-loop context and its own in-memory chain heads, share only PostgreSQL, which is all two gateway processes
 * share for the audit trail. (The sealer and clock are shared here; across processes they are per node, and
 * neither takes part in sequencing.) Both feed the same chain as fast as they can: every record lands once,
 * the chain verifies without a gap, and every C1 caller's seq is the row holding its own record.
 */
@QuarkusTest
class TwoWritersTest {

    private static final int PRODUCERS_PER_WRITER = 3;
    private static final int RECORDS_PER_PRODUCER = 300;

    @Inject
    AuditWriter writerA;
    @Inject
    Vertx vertx;
    @Inject
    io.vertx.mutiny.core.Vertx mutinyVertx;
    @Inject
    AuditConfig config;
    @Inject
    Clock clock;
    @Inject
    Event<AuditOutage> outages;
    @Inject
    AuditSealer sealer;
    @Inject
    AuditChains chains;
    @Inject
    Pool pool;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** A second node's writer: the same class, a pool and a loop of its own. */
    private AuditWriter secondNode(AuditDatabase database) {
        AuditWriter writer = new AuditWriter();
        writer.vertx = vertx;
        writer.database = database;
        writer.config = config;
        writer.clock = clock;
        writer.outages = outages;
        writer.sealer = sealer;
        writer.init();
        writer.start(null);
        return writer;
    }

    /** What a run of producers left: the C1 seqs told, the C1 failures, the C2 ids offered, and the time it took. */
    private record Run(Map<String, Long> claimed, Map<String, Throwable> failed, List<String> offered, double seconds) {
    }

    /** Producer {@code t} writes through {@code writers.get(t)}, closed loop for C1 (C1:C2 = 3:1), all to {@code chain}. */
    private Run run(List<AuditWriter> writers, List<String> names, UUID chain) throws Exception {
        Map<String, Long> claimed = new ConcurrentHashMap<>();
        Map<String, Throwable> failed = new ConcurrentHashMap<>();
        List<String> offered = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(writers.size());
        try {
            for (int t = 0; t < writers.size(); t++) {
                AuditWriter writer = writers.get(t);
                String prefix = names.get(t) + t + "-";
                threads.submit(() -> {
                    for (int r = 0; r < RECORDS_PER_PRODUCER; r++) {
                        String id = prefix + r;
                        if (r % 4 == 3) {
                            while (!writer.offer(record(chain, AuditKind.OUTPUT, id))) {
                                Thread.onSpinWait();
                            }
                            offered.add(id);
                        } else {
                            // closed loop: a producer waits for its C1 seq (a relay's command, a REST transition)
                            try {
                                claimed.put(id, writer.commit(record(chain, AuditKind.COMMAND, id)).await().atMost(Duration.ofSeconds(10)));
                            } catch (RuntimeException e) {
                                failed.put(id, e);
                            }
                        }
                    }
                });
            }
            threads.shutdown();
            assertTrue(threads.awaitTermination(120, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(60)).until(() -> writers.stream().allMatch(w -> w.queueDepth() == 0));
        } finally {
            threads.shutdownNow();
        }
        return new Run(claimed, failed, offered, (System.nanoTime() - started) / 1e9);
    }

    @Test
    void shouldInterleaveTwoWritersOnOneChainWithoutForkGapOrForeignClaim() throws Exception {
        // Given (for scale) the same load through one writer
        int producers = 2 * PRODUCERS_PER_WRITER;
        UUID alone = UUID.randomUUID();
        Run baseline = run(java.util.Collections.nCopies(producers, writerA), java.util.Collections.nCopies(producers, "A"), alone);

        // When two writers' producers write to one chain, interleaved
        AuditDatabase databaseB = new AuditDatabase(mutinyVertx, url, username, password, config);
        AuditWriter writerB = secondNode(databaseB);
        UUID chain = UUID.randomUUID();
        List<AuditWriter> writers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int t = 0; t < producers; t++) {
            writers.add(t % 2 == 0 ? writerA : writerB);
            names.add(t % 2 == 0 ? "A" : "B");
        }
        Run run;
        try {
            run = run(writers, names, chain);
        } finally {
            writerB.stop(null);
            databaseB.close();
        }

        // Then the chain holds every record once, seqs 1..n, and verifies
        List<Row> stored = new ArrayList<>();
        pool.preparedQuery("SELECT seq, correlation_id FROM audit_events WHERE chain_id = $1 ORDER BY seq")
                .execute(Tuple.of(chain)).await().atMost(Duration.ofSeconds(30)).forEach(stored::add);
        int total = producers * RECORDS_PER_PRODUCER;
        Map<String, Long> seqOf = new HashMap<>();
        int switches = 0;
        String previousWriter = null;
        for (Row row : stored) {
            Long earlier = seqOf.put(row.getString(1), row.getLong(0));
            assertEquals(null, earlier, () -> "stored twice: " + row.getString(1));
            String writer = row.getString(1).substring(0, 1);
            if (previousWriter != null && !previousWriter.equals(writer)) {
                switches++;
            }
            previousWriter = writer;
        }
        System.out.printf("one writer: %d rows in %.2f s (%.0f rows/s), %d C1 failed; two writers on one chain: %d rows "
                        + "in %.2f s (%.0f rows/s), %d switches between writers, %d C1 failed%n",
                total, baseline.seconds(), total / baseline.seconds(), baseline.failed().size(),
                stored.size(), run.seconds(), stored.size() / run.seconds(), switches, run.failed().size());
        assertEquals(LongStream.rangeClosed(1, stored.size()).boxed().toList(), stored.stream().map(r -> r.getLong(0)).toList());
        Verification verification = chains.verify(chain).await().atMost(Duration.ofSeconds(30));
        assertTrue(verification.valid(), () -> "broken: " + verification.broken());
        // every C2 record and every C1 record whose caller was told a seq is there
        run.offered().forEach(id -> assertTrue(seqOf.containsKey(id), () -> "C2 record lost: " + id));
        assertEquals(total, run.claimed().size() + run.failed().size() + run.offered().size());
        assertTrue(stored.size() >= run.claimed().size() + run.offered().size() && stored.size() <= total);
        // every C1 caller was told the seq of the row holding its own record, never one the other writer stored
        run.claimed().forEach((id, seq) -> assertEquals(seq, seqOf.get(id), () -> id + " claimed a row it does not hold"));
        // and no caller ran into its commit bound: the writer that lost a race is not starved by the other's stream
        assertEquals(Map.of(), run.failed());
        // and the writers did interleave on the chain (not one after the other)
        int interleavings = switches;
        assertTrue(interleavings >= 10, () -> "only " + interleavings + " switches between writers");
    }

    private AuditRecord record(UUID chain, AuditKind kind, String id) {
        return new AuditRecord(chain, HOME, Instant.now(), "tech-1", kind, "thermostat-1", "diag.read", "ok", id,
                "{\"id\":\"" + id + "\"}");
    }
}
