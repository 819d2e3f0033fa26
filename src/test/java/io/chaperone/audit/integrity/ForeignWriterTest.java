package io.chaperone.audit.integrity;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditRows;
import io.chaperone.audit.AuditWriter;
import io.chaperone.audit.integrity.IntegrityWorld.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.chaperone.audit.integrity.IntegrityWorld.WAIT;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another writer of a chain (a second node, a restart within {@code chain-idle}, an operator's insert) takes
 * the seq this writer meant to use next: the writer's records land after the stored head, chained to it, and
 * no caller is told of a row that is not in the table.
 */
@QuarkusTest
class ForeignWriterTest {

    @Inject
    IntegrityWorld world;
    @Inject
    AuditWriter writer;
    @Inject
    AuditRows rows;
    @Inject
    Pool pool;

    @Test
    void shouldContinueAChainFromTheRowAnotherWriterStoredAndStillVerify() {
        // Given a chain this writer wrote up to seq 1, and row 2 inserted behind its back
        Session s = world.session(1);
        rows.insertDirectly(s.id(), s.world().homeId(), 2);

        // When the writer commits its next record
        long seq = world.append(s, "after-foreign");

        // Then it comes back with seq 3, chained to the stored row 2, and the chain verifies
        assertEquals(3L, seq);
        List<Row> stored = hashes(s);
        assertEquals(List.of(1L, 2L, 3L), stored.stream().map(r -> r.getLong("seq")).toList());
        assertArrayEquals(stored.get(1).getBuffer("hash").getBytes(), stored.get(2).getBuffer("prev_hash").getBytes());
        assertEquals("after-foreign", rows.of(s.id()).get(2).correlationId());
        verify(s, 3);
        // and the head a checkpoint records is the stored one
        ChainHead head = world.anchored(s.id(), 3).headOf(s.id()).orElseThrow();
        assertEquals(3L, head.seq());
        assertArrayEquals(stored.get(2).getBuffer("hash").getBytes(), head.hash());
    }

    @Test
    void shouldResequenceEveryRowOfTheChainQueuedBehindTheTakenSeqIncludingC2() {
        // Given a chain at seq 1 in this writer's view and a foreign row 2
        Session s = world.session(1);
        rows.insertDirectly(s.id(), s.world().homeId(), 2);

        // When two C1 records and one C2 record are handed over at once (one batch, or more)
        List<Uni<Long>> commits = new ArrayList<>();
        commits.add(writer.commit(record(s, AuditKind.COMMAND, "c-a")));
        assertTrue(writer.offer(record(s, AuditKind.OUTPUT, "o-b")));
        commits.add(writer.commit(record(s, AuditKind.COMMAND, "c-c")));

        // Then every record landed after the foreign row, in call order, and the C1 callers got the stored seqs
        assertEquals(List.of(3L, 5L), commits.stream().map(u -> u.await().atMost(WAIT)).toList());
        await().atMost(WAIT).until(() -> rows.count(s.id()) == 5);
        List<String> ids = rows.correlationIds(s.id());
        assertEquals(List.of("c-a", "o-b", "c-c"), ids.subList(2, 5));
        verify(s, 5);
    }

    private static AuditRecord record(Session s, AuditKind kind, String correlationId) {
        return new AuditRecord(s.id(), s.world().homeId(), Instant.now(), s.world().technicianSubject(), kind,
                "thermostat-1", "diag.read", "forwarded", correlationId, "{\"n\":\"" + correlationId + "\"}");
    }

    private List<Row> hashes(Session s) {
        List<Row> list = new ArrayList<>();
        pool.preparedQuery("SELECT seq, prev_hash, hash FROM audit_events WHERE chain_id = $1 ORDER BY seq")
                .execute(Tuple.of(s.id())).await().atMost(WAIT).forEach(list::add);
        return list;
    }

    private static void verify(Session s, int records) {
        given().auth().oauth2(s.residentToken()).when().get("/api/v1/sessions/" + s.id() + "/audit/verify")
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("records", equalTo(records))
                .body("head.seq", equalTo(records));
    }
}
