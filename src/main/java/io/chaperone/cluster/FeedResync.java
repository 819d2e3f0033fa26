package io.chaperone.cluster;

import io.chaperone.consent.SessionState;
import io.chaperone.privacy.DataKeys;
import io.chaperone.relay.LiveRegistry;
import io.chaperone.relay.LiveSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a node may have missed while its feed was down, re-read from PostgreSQL (the source of truth) once the feed
 * listens again: the state and scope version of every session live here (and pending revocations), whether each
 * hub connected here was removed or killed, which homes chose a minimal live feed. Key caches are dropped whole: re-reading a key costs one query, and a
 * cache cannot tell which of its entries a missed erasure or retention pass destroyed.
 */
@ApplicationScoped
public class FeedResync {

    private static final String SESSIONS = """
            SELECT s.id, s.state, s.scope_version,
                   EXISTS (SELECT 1 FROM revocation_intents i WHERE i.session_id = s.id) AS revoking
              FROM support_sessions s WHERE s.id = ANY($1)""";
    private static final String HUBS = """
            SELECT id, removed_at IS NOT NULL AS removed, killed_at IS NOT NULL AS killed
              FROM hubs WHERE id = ANY($1)""";

    @Inject
    LiveRegistry registry;
    @Inject
    ClusterEvents events;
    @Inject
    DataKeys keys;
    @Inject
    io.chaperone.optout.LiveFeedChoices choices;
    @Inject
    Pool pool;

    /** Applies everything missed; completes once the node's view is as current as the reads. */
    public Uni<Void> run() {
        keys.forgetAll();
        return sessions().chain(this::hubs).chain(choices::reload);
    }

    private Uni<Void> sessions() {
        UUID[] ids = registry.sessionIds().toArray(UUID[]::new);
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(SESSIONS).execute(Tuple.tuple().addArrayOfUUID(ids)).chain(rows -> {
            List<Uni<Void>> refires = new ArrayList<>();
            for (Row row : rows) {
                UUID id = row.getUUID("id");
                LiveSession live = registry.session(id);
                if (live == null || !live.active()) {
                    continue;
                }
                if (row.getBoolean("revoking")) {
                    events.revoking(id);
                } else if (ClusterEvents.closes(row.getString("state"))
                        || row.getInteger("scope_version") > live.grant().scopeVersion()) {
                    refires.add(events.refire(id, SessionState.active));
                }
            }
            return Multi.createFrom().iterable(refires).onItem().transformToUniAndConcatenate(u -> u)
                    .collect().asList().replaceWithVoid();
        });
    }

    private Uni<Void> hubs() {
        UUID[] ids = registry.hubIds().toArray(UUID[]::new);
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(HUBS).execute(Tuple.tuple().addArrayOfUUID(ids)).invoke(rows -> rows.forEach(row -> {
            if (row.getBoolean("removed")) {
                events.closeHub(row.getUUID("id"), "removed");
            } else if (row.getBoolean("killed")) {
                events.closeHub(row.getUUID("id"), "killed");
            }
        })).replaceWithVoid();
    }
}
