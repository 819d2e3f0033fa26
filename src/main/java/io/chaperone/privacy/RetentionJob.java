package io.chaperone.privacy;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Retention by crypto-shredding: the key of a session that ended more than {@code chaperone.privacy.retention}
 * ago is destroyed, which makes its audit details unreadable while the rows (and their chain) stay.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    @Inject
    Pool pool;
    @Inject
    DataKeys keys;
    @Inject
    PrivacyConfig config;
    @Inject
    Clock clock;

    @Scheduled(every = "${chaperone.privacy.retention-check}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return shred().replaceWithVoid();
    }

    /** Shreds the keys of sessions ended before now − retention; answers the sessions shredded. */
    public Uni<List<UUID>> shred() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(config.retention());
        return pool.preparedQuery("UPDATE session_keys k SET wrapped_key = NULL, shredded_at = $1 "
                        + "FROM support_sessions s WHERE s.id = k.session_id AND s.ended_at < $2 "
                        + "AND k.shredded_at IS NULL RETURNING k.session_id")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), cutoff.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<UUID> shredded = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        shredded.add(row.getUUID(0));
                        keys.forgetSession(row.getUUID(0));
                    }
                    if (!shredded.isEmpty()) {
                        LOG.infof("Retention shredded session keys (code=privacy.retention_shredded, sessions=%d)",
                                shredded.size());
                    }
                    return shredded;
                });
    }
}
