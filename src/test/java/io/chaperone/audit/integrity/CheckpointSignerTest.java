package io.chaperone.audit.integrity;

import io.chaperone.audit.AuditWriter;
import io.chaperone.audit.integrity.IntegrityWorld.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.chaperone.audit.integrity.IntegrityWorld.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One checkpoint signer at a time (ADR 0019). The other node is what it leaves in PostgreSQL: its lease in
 * {@code audit_signer} and the chains it parked in {@code audit_pending_chains}; signers share nothing else.
 */
@QuarkusTest
class CheckpointSignerTest {

    private static final String OTHER_NODE = "node-b";

    @Inject
    IntegrityWorld world;
    @Inject
    Checkpoints checkpoints;
    @Inject
    AuditChains chains;
    @Inject
    AuditWriter writer;
    @Inject
    Pool pool;

    @AfterEach
    void giveTheLeaseBack() {
        sql("DELETE FROM audit_signer");
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(Tuple.from(params)).await().atMost(WAIT);
    }

    private long count(String statement, Object... params) {
        return pool.preparedQuery(statement).execute(Tuple.from(params)).map(r -> r.iterator().next().getLong(0))
                .await().atMost(WAIT);
    }

    private void otherNodeSigns() {
        sql("INSERT INTO audit_signer VALUES (1, $1, now() + interval '1 minute') ON CONFLICT (id) DO UPDATE "
                + "SET node_id = EXCLUDED.node_id, lease_until = EXCLUDED.lease_until", OTHER_NODE);
    }

    @Test
    void shouldSkipWhileAnotherNodeHoldsTheLeaseAndTakeOverOnceItLapsed() {
        // Given another, live node holds the signer lease
        otherNodeSigns();
        long before = count("SELECT count(*) FROM audit_checkpoints");

        // When this node's writer changes a chain and its round runs
        Session s = world.session(3);
        Optional<Checkpoint> skipped = checkpoints.checkpointNow().await().atMost(WAIT);

        // Then it signs nothing (nor does its periodic round), and the chain waits parked for the signer
        assertTrue(skipped.isEmpty());
        assertEquals(before, count("SELECT count(*) FROM audit_checkpoints"));
        assertEquals(1, count("SELECT count(*) FROM audit_pending_chains WHERE chain_id = $1", s.id()));
        assertTrue(chains.latestCovering(s.id()).await().atMost(WAIT).isEmpty());

        // When the signer dies: its lease runs out (a millisecond ago)
        sql("UPDATE audit_signer SET lease_until = now() - interval '1 millisecond'");

        // Then this node takes the lease over and signs the chain's stored head
        Checkpoint anchored = world.anchored(s.id(), 3);
        assertEquals(3L, anchored.headOf(s.id()).orElseThrow().seq());
        assertEquals(0, count("SELECT count(*) FROM audit_signer WHERE node_id = $1", OTHER_NODE));
        assertEquals(1, count("SELECT count(*) FROM audit_signer WHERE lease_until > now()"));
        assertEquals(0, count("SELECT count(*) FROM audit_pending_chains WHERE chain_id = $1", s.id()));
    }

    @Test
    void shouldSignTheStoredHeadOfAChainAnotherNodeParked() {
        // Given a chain whose rows this node's writer did not report (another node wrote them) but parked by that node
        Session s = null;
        for (int attempt = 0; attempt < 3 && s == null; attempt++) {
            Session candidate = world.session(2);
            List<ChainHead> taken = writer.takeChangedHeads();
            boolean held = taken.stream().anyMatch(h -> h.chainId().equals(candidate.id()));
            writer.restoreChangedHeads(taken.stream().filter(h -> !h.chainId().equals(candidate.id())).toList());
            if (held) {
                s = candidate;
            }
        }
        assertNotNull(s, "the periodic checkpoint took the head three times in a row");
        UUID id = s.id();
        sql("INSERT INTO audit_pending_chains VALUES ($1)", id);

        // When this node, the signer, runs its round
        Checkpoint anchored = world.anchored(id, 2);

        // Then the checkpoint holds the chain's stored head (seq and hash as in the table)
        ChainHead head = anchored.headOf(id).orElseThrow();
        assertEquals(2L, head.seq());
        assertEquals(1, count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND seq = 2 AND hash = $2",
                id, io.vertx.core.buffer.Buffer.buffer(head.hash())));
        assertNotEquals(OTHER_NODE, pool.query("SELECT node_id FROM audit_signer").execute()
                .map(r -> r.iterator().next().getString(0)).await().atMost(WAIT));
    }
}
