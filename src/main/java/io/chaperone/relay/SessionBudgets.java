package io.chaperone.relay;

import io.chaperone.policy.SessionGrant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's {@link SessionBudget}s, by session id. A budget is made when a session's technician first connects and
 * lives until the session ends or its grant expires; a session reconnecting on this node gets its budget back. With
 * several nodes this is sticky-by-session state (docs/adr/0011-bounded-under-abuse.md).
 */
@ApplicationScoped
public class SessionBudgets {

    private final Map<UUID, SessionBudget> budgets = new ConcurrentHashMap<>();

    @Inject
    RelayConfig config;
    @Inject
    Clock clock;

    /** The session's budget, made full for its first connection. Also forgets the budgets of expired grants. */
    SessionBudget of(SessionGrant grant, long nowNanos) {
        long now = clock.millis();
        budgets.values().removeIf(budget -> budget.expiresAtMillis() <= now);
        return budgets.computeIfAbsent(grant.sessionId(), id -> new SessionBudget(grant.newBucket(nowNanos),
                new AbuseCounter(config.abuseLimit(), config.abuseWindow().toMillis()),
                new DenialLog(config.deniedRowsPerWindow(), config.abuseWindow().toMillis()), grant.expiresAtMillis()));
    }

    /** The session ended (revoked, expired, ended, suspended): nothing is left to reconnect to. */
    void forget(UUID sessionId) {
        budgets.remove(sessionId);
    }

    int size() {
        return budgets.size();
    }
}
