package io.chaperone.audit.integrity;

import io.chaperone.audit.integrity.IntegrityWorld.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static io.chaperone.audit.integrity.IntegrityWorld.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application role may only INSERT and SELECT audit rows; triggers stop the owner too (while enabled). */
@QuarkusTest
class AuditRolesTest {

    @Inject
    Pool pool;
    @Inject
    IntegrityWorld world;
    @Inject
    AuditChains chains;

    @Test
    void shouldConnectTheApplicationPoolAsTheAppRole() {
        String user = pool.query("SELECT current_user").execute().await().atMost(WAIT).iterator().next().getString(0);

        assertEquals("chaperone_app", user);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE audit_events SET outcome = 'x' WHERE chain_id = '%s'",
            "DELETE FROM audit_events WHERE chain_id = '%s'",
            "TRUNCATE audit_events",
            "UPDATE audit_checkpoints SET key_id = 'x' WHERE heads @> '[{\"chainId\":\"%s\"}]'",
            "DELETE FROM audit_checkpoints WHERE heads @> '[{\"chainId\":\"%s\"}]'",
            "TRUNCATE audit_checkpoints",
            "DELETE FROM audit_checkpoint_keys"})
    void shouldRefuseTheAppRoleAnythingButInsertAndSelect(String statement) {
        // Given an anchored chain
        Session s = world.session(3);
        world.anchored(s.id(), 3);

        // When the application's own pool tries to change it
        PgException denied = assertThrows(PgException.class,
                () -> pool.query(statement.formatted(s.id())).execute().await().atMost(WAIT));

        // Then permission is denied and nothing changed
        assertEquals("42501", denied.getSqlState());
        assertEquals(3L, countRows(s));
        assertTrue(verifyValid(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE audit_events SET outcome = 'x' WHERE chain_id = '%s'",
            "DELETE FROM audit_events WHERE chain_id = '%s'",
            "TRUNCATE audit_events",
            "UPDATE audit_checkpoints SET key_id = key_id WHERE heads @> '[{\"chainId\":\"%s\"}]'",
            "TRUNCATE audit_checkpoints"})
    void shouldLetTheTriggerRefuseTheOwnerWhileItIsEnabled(String statement) throws SQLException {
        Session s = world.session(3);
        world.anchored(s.id(), 3);

        SQLException refused;
        try (Connection owner = OwnerDb.connect(); Statement st = owner.createStatement()) {
            refused = assertThrows(SQLException.class, () -> st.execute(statement.formatted(s.id())));
        }

        assertEquals("P0001", refused.getSQLState());
        assertTrue(refused.getMessage().contains("is append-only"), refused.getMessage());
        assertEquals(3L, countRows(s));
        assertTrue(verifyValid(s));
    }

    @Test
    void shouldLetTheAppRoleInsertAndSelectAuditRows() {
        Session s = world.session(1);

        long seq = world.append(s, "more");

        assertEquals(2L, seq);
        assertEquals(2L, countRows(s));
    }

    private long countRows(Session s) {
        return pool.query("SELECT count(*) FROM audit_events WHERE chain_id = '" + s.id() + "'").execute()
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    private boolean verifyValid(Session s) {
        return chains.verify(s.id()).await().atMost(WAIT).valid();
    }
}
