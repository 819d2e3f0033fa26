package io.chaperone.review;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
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
 * The periodic review: every home (not erased) whose latest review ended a period ago or more gets the next one,
 * from where the last ended (or one period back) up to now. Bounded per pass.
 */
@ApplicationScoped
public class AccessReviewJob {

    private static final Logger LOG = Logger.getLogger(AccessReviewJob.class);
    private static final String DUE = "SELECT h.id, (SELECT max(r.period_to) FROM access_reviews r WHERE r.home_id = h.id) "
            + "FROM homes h WHERE h.erased_at IS NULL AND COALESCE((SELECT max(r.period_to) FROM access_reviews r "
            + "WHERE r.home_id = h.id), h.created_at) <= $1 ORDER BY h.id LIMIT $2";

    @Inject
    AccessReviews reviews;
    @Inject
    AccessReviewsConfig config;
    @Inject
    Clock clock;
    @Inject
    Pool pool;

    @Scheduled(every = "${chaperone.access-reviews.check-every:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reviewDue() {
        Instant now = clock.instant();
        return pool.preparedQuery(DUE).execute(Tuple.of(now.minus(config.period()).atOffset(ZoneOffset.UTC), config.batch()))
                .map(rows -> {
                    List<Due> due = new ArrayList<>();
                    for (Row row : rows) {
                        var last = row.getOffsetDateTime(1);
                        due.add(new Due(row.getUUID(0), last == null ? now.minus(config.period()) : last.toInstant()));
                    }
                    return due;
                })
                .onItem().transformToMulti(due -> Multi.createFrom().iterable(due))
                .onItem().transformToUniAndConcatenate(d -> reviews.generate(d.homeId(), d.from(), now, "scheduled", "system")
                        .replaceWithVoid()
                        .onFailure().recoverWithUni(e -> {
                            LOG.warnf("access review of a home failed: %s", e.getClass().getSimpleName());
                            return Uni.createFrom().voidItem();
                        }))
                .collect().asList().replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("access review pass failed: %s", e.getClass().getSimpleName());
                    return Uni.createFrom().voidItem();
                });
    }

    private record Due(UUID homeId, Instant from) {
    }

}
