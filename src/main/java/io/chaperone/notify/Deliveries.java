package io.chaperone.notify;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The end of one delivery attempt, written only by the pass that holds the lease ({@code lease_token}): a pass whose
 * lease expired and was taken over cannot overwrite the newer pass's result.
 */
@ApplicationScoped
class Deliveries {

    @Inject
    Pool pool;

    Uni<Void> delivered(UUID id, UUID token, Instant now, Integer status) {
        return pool.preparedQuery("UPDATE notification_deliveries SET state = 'delivered', delivered_at = $1, "
                        + "last_status = $2, last_error = NULL, lease_until = NULL WHERE id = $3 AND lease_token = $4")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), status, id, token)).replaceWithVoid();
    }

    /** A failed attempt: dead after {@code maxAttempts}, else due again after {@code backoff}. */
    Uni<Void> failed(UUID id, UUID token, Instant now, int attempts, int maxAttempts, Duration backoff,
                     Integer status, String error) {
        boolean dead = attempts >= maxAttempts;
        return pool.preparedQuery("UPDATE notification_deliveries SET state = $1, next_attempt_at = $2, "
                        + "last_status = $3, last_error = $4, lease_until = NULL WHERE id = $5 AND lease_token = $6")
                .execute(Tuple.from(new Object[] {dead ? "dead" : "pending",
                        now.plus(dead ? Duration.ZERO : backoff).atOffset(ZoneOffset.UTC), status, error, id, token}))
                .replaceWithVoid();
    }

    /** base · 2^(attempts−1), at most {@code max}. */
    static Duration backoff(Duration base, Duration max, int attempts) {
        int shift = Math.min(Math.max(attempts - 1, 0), 30);
        long millis = base.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
