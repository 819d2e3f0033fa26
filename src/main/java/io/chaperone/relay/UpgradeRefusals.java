package io.chaperone.relay;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.ops.Meters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records refused technician upgrades as {@code upgrade.refused} (docs/audit.md) on the gateway's own chain: a
 * refused upgrade has proved no session, so the session it names (kept as the correlation id) cannot own the row.
 * Bounded so that an attacker cannot flood the table: {@value #PER_SOURCE} rows per source address per minute and
 * {@value #MAX_SOURCES} sources per minute; beyond that a refusal is only counted
 * ({@code chaperone.upgrades.refused.unaudited}).
 */
@ApplicationScoped
public class UpgradeRefusals {

    /** The chain of gateway-level events that belong to no session, hub or home; also their home id. */
    public static final UUID GATEWAY_CHAIN = new UUID(0L, 0L);
    static final int PER_SOURCE = 10;
    static final int MAX_SOURCES = 1_000;
    private static final long WINDOW_MS = 60_000;
    private static final String ACTOR = "unauthenticated";

    @Inject
    AuditWriter audit;
    @Inject
    Meters metrics;
    @Inject
    Clock clock;

    private final Map<String, AtomicInteger> perSource = new ConcurrentHashMap<>();
    private volatile long windowStart;

    /** A refusal for {@code reason} (a stable code) of the upgrade {@code request} naming {@code sessionId}. */
    void refused(String reason, HttpServerRequest request, UUID sessionId) {
        SocketAddress remote = request.remoteAddress();
        if (!withinBound(remote == null ? "unknown" : remote.hostAddress())) {
            metrics.upgradeRefusalUnaudited();
            return;
        }
        AuditRecord record = new AuditRecord(GATEWAY_CHAIN, GATEWAY_CHAIN, clock.instant(), ACTOR, AuditKind.UPGRADE_REFUSED,
                null, null, "refused:" + reason, sessionId == null ? null : sessionId.toString(), null);
        if (!audit.offer(record)) {
            metrics.upgradeRefusalUnaudited();
        }
    }

    private boolean withinBound(String source) {
        long now = clock.millis();
        // A clock stepped back (NTP, or a test's pinned clock) must not freeze the window in the future, which would
        // leave every later refusal of a source unaudited.
        if (now - windowStart >= WINDOW_MS || now < windowStart) {
            perSource.clear();
            windowStart = now;
        }
        AtomicInteger count = perSource.get(source);
        if (count == null) {
            if (perSource.size() >= MAX_SOURCES) {
                return false;
            }
            count = perSource.computeIfAbsent(source, s -> new AtomicInteger());
        }
        return count.incrementAndGet() <= PER_SOURCE;
    }
}
