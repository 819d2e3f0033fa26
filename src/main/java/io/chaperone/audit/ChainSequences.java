package io.chaperone.audit;

import io.chaperone.audit.integrity.ChainHash;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The next seq of every chain this node writes, in memory. A chain seen for the first time is read
 * once from the table ({@code max(seq)}), so a restarted node continues a chain without a gap. Only the
 * writer's event loop touches it. Another writer of a chain is met as a taken seq (see BatchInsert), after which
 * the chain is read again.
 */
final class ChainSequences {

    // [integrity] the head's hash comes with its seq: the chain continues from the stored head
    private static final String MAX_SEQ = "SELECT DISTINCT ON (chain_id) chain_id, seq, hash FROM audit_events "
            + "WHERE chain_id = ANY($1::uuid[]) ORDER BY chain_id, seq DESC";

    private static final class Chain {
        long next;
        long lastUsedNanos;
        /** The hash of the last seq linked (not necessarily committed yet). [integrity] */
        byte[] lastHash;

        Chain(long next, long lastUsedNanos, byte[] lastHash) {
            this.next = next;
            this.lastUsedNanos = lastUsedNanos;
            this.lastHash = lastHash;
        }
    }

    private final Map<UUID, Chain> chains = new HashMap<>();

    boolean knows(UUID chainId) {
        return chains.containsKey(chainId);
    }

    /** Reads the current head of the given chains; completes on the connection's context. */
    Future<Void> load(SqlConnection connection, Collection<UUID> chainIds) {
        return read(connection, chainIds, chains::putIfAbsent);
    }

    /** Reads again the stored head of chains another writer continued, replacing what this writer assumed. */
    Future<Void> reload(SqlConnection connection, Collection<UUID> chainIds) {
        return read(connection, chainIds, chains::put);
    }

    private Future<Void> read(SqlConnection connection, Collection<UUID> chainIds, BiConsumer<UUID, Chain> keep) {
        UUID[] ids = chainIds.toArray(UUID[]::new);
        return connection.preparedQuery(MAX_SEQ).execute(Tuple.tuple().addArrayOfUUID(ids)).map(rows -> {
            long now = System.nanoTime();
            Map<UUID, Row> heads = new HashMap<>();
            for (Row row : rows) {
                heads.put(row.getUUID(0), row);
            }
            for (UUID id : ids) {
                Row head = heads.get(id);
                keep.accept(id, head == null ? new Chain(1, now, ChainHash.genesis())
                        : new Chain(head.getLong(1) + 1, now, head.getBuffer(2).getBytes()));
            }
            return null;
        });
    }

    /** The next seq of a known chain; the caller sends it or keeps it for retries, never skips it. */
    long assign(UUID chainId, long nowNanos) {
        Chain chain = chains.get(chainId);
        chain.lastUsedNanos = nowNanos;
        return chain.next++;
    }

    /** The hash the next seq of a known chain links to. [integrity] */
    byte[] lastHash(UUID chainId) {
        return chains.get(chainId).lastHash;
    }

    /** The next seq of a chain is linked to {@code hash}. [integrity] */
    void linked(UUID chainId, byte[] hash) {
        chains.get(chainId).lastHash = hash;
    }

    /** Forgets idle chains, except those with rows not yet committed. */
    int evictIdle(long nowNanos, long idleNanos, Set<UUID> uncommitted) {
        int before = chains.size();
        chains.entrySet().removeIf(e -> nowNanos - e.getValue().lastUsedNanos > idleNanos
                && !uncommitted.contains(e.getKey()));
        return before - chains.size();
    }

    int size() { return chains.size(); }
}
