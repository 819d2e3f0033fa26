package io.chaperone.audit.integrity;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A plain JDBC connection to the test database as its owner ({@code postgres}), outside the application's
 * pool: what a DBA, or an attacker with the owner's password, could do.
 */
final class OwnerDb {

    private OwnerDb() {
    }

    static Connection connect() throws SQLException {
        String database = System.getenv().getOrDefault("CHAPERONE_TEST_DB", "chaperone_test");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "postgres");
    }

    /** Runs statements as the owner with the append-only triggers bypassed (session_replication_role=replica). */
    static void tamper(String... statements) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SET session_replication_role = replica");
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("tampering failed: " + e.getMessage(), e);
        }
    }
}
