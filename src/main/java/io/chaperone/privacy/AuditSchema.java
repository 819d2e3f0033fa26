package io.chaperone.privacy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What the audit tables hold on this database: the hash-chain columns and the checkpoint table come
 * with the integrity feature. The export asks once and emits null / [] while they do not exist.
 */
@ApplicationScoped
public class AuditSchema {

    @Inject
    Pool pool;

    private volatile Uni<Features> features;

    /** @param hashColumns SQL selecting {@code prev_hash_hex, hash_hex}, or null without a hash chain */
    record Features(String hashColumns, boolean checkpoints) {
    }

    Uni<Features> features() {
        Uni<Features> f = features;
        if (f == null) {
            f = read().memoize().indefinitely();
            features = f;
        }
        return f;
    }

    private Uni<Features> read() {
        return pool.query("SELECT table_name, column_name, data_type, ordinal_position FROM information_schema.columns "
                        + "WHERE table_schema = current_schema() AND table_name IN ('audit_events', 'audit_checkpoints') "
                        + "ORDER BY table_name, ordinal_position").execute()
                .map(rows -> {
                    String prevType = null;
                    String hashType = null;
                    String firstCheckpointColumn = null;
                    for (Row row : rows) {
                        String table = row.getString("table_name");
                        String column = row.getString("column_name");
                        if (table.equals("audit_events") && column.equals("prev_hash")) {
                            prevType = row.getString("data_type");
                        } else if (table.equals("audit_events") && column.equals("hash")) {
                            hashType = row.getString("data_type");
                        } else if (table.equals("audit_checkpoints") && firstCheckpointColumn == null) {
                            firstCheckpointColumn = column;
                        }
                    }
                    String hashes = prevType != null && hashType != null
                            ? hex("prev_hash", prevType) + " AS prev_hash_hex, " + hex("hash", hashType) + " AS hash_hex"
                            : null;
                    return new Features(hashes, firstCheckpointColumn != null);
                });
    }

    private static String hex(String column, String type) {
        return type.equals("bytea") ? "encode(" + column + ", 'hex')" : column + "::text";
    }
}
