package io.chaperone.policy;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The compiled, immutable form of an approved session: everything the per-frame path needs, laid out
 * for O(1), allocation-free checks. Built once at approval (and again at each escalation, then swapped
 * atomically by the relay); never read from the database per frame.
 *
 * <p>Permitted operations are a bit mask per device (8 operations fit in an {@code int}), so
 * {@link #permits(String, Operation)} is one map lookup and one AND.
 */
public final class SessionGrant {

    private final UUID sessionId;
    private final UUID hubId;
    private final UUID technicianId;
    private final Scope scope;
    private final long expiresAtMillis;
    private final Map<String, Integer> opMaskByDevice;
    private final EnumSet<DataClass> reveal;
    private final RateLimit rate;
    private final Redactor redactor;

    private SessionGrant(UUID sessionId, UUID hubId, UUID technicianId, Scope scope, long expiresAtMillis,
                         Collection<DataClass> reveal, RateLimit rate, Redactor redactor) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.hubId = Objects.requireNonNull(hubId, "hubId");
        this.technicianId = Objects.requireNonNull(technicianId, "technicianId");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.expiresAtMillis = expiresAtMillis;
        this.opMaskByDevice = compileMasks(scope);
        this.reveal = reveal.isEmpty() ? EnumSet.noneOf(DataClass.class) : EnumSet.copyOf(reveal);
        this.rate = Objects.requireNonNull(rate, "rate");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    /**
     * Compiles an approved session.
     *
     * @param expiresAt the fixed end of the session (approvedAt + duration)
     * @param reveal    the data classes the resident chose to reveal; everything else is redacted
     * @param rate      usually {@link RateLimit#forExpectedRate(int)} of the session's template
     * @param redactionKey the session's key for redaction markers (32 bytes from its durable key material);
     *                     the grant keeps only the {@link Redactor} built from it
     */
    public static SessionGrant compile(UUID sessionId, UUID hubId, UUID technicianId, Scope scope,
                                       Instant expiresAt, Set<DataClass> reveal, RateLimit rate, byte[] redactionKey) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(reveal, "reveal");
        return compile(sessionId, hubId, technicianId, scope, expiresAt, reveal, rate, redactionKey,
                new RedactionTally());
    }

    /** As above, counting redactions into the session's ledger {@code tally} (the same one across reconnects). */
    public static SessionGrant compile(UUID sessionId, UUID hubId, UUID technicianId, Scope scope, Instant expiresAt,
                                       Set<DataClass> reveal, RateLimit rate, byte[] redactionKey, RedactionTally tally) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(reveal, "reveal");
        return new SessionGrant(sessionId, hubId, technicianId, scope, expiresAt.toEpochMilli(), reveal, rate,
                Redactor.revealing(reveal, redactionKey, tally));
    }

    /**
     * The grant after the resident revealed or hid a data class mid-session: same scope and end, a redactor for the
     * new reveal set (same key and ledger). Swapped in like an escalation, so it holds from the next frame on.
     */
    public SessionGrant withReveal(Set<DataClass> next) {
        return new SessionGrant(sessionId, hubId, technicianId, scope, expiresAtMillis, next, rate,
                redactor.withReveal(next));
    }

    /**
     * The grant after an approved escalation: the new scope, and an end that may move earlier but never
     * later than the approved end.
     */
    public SessionGrant escalated(Scope newScope, Instant newExpiresAt) {
        long newEnd = newExpiresAt.toEpochMilli();
        if (newEnd > expiresAtMillis) {
            throw new IllegalArgumentException("an escalation cannot extend the session past its approved end");
        }
        if (newScope.version() <= scope.version()) {
            throw new IllegalArgumentException("an escalated scope needs a newer version");
        }
        return new SessionGrant(sessionId, hubId, technicianId, newScope, newEnd, reveal, rate, redactor);
    }

    /**
     * The grant after an approved extension: the same scope (same version), a later end. Extensions never
     * widen scope, so the compiled masks, the reveal set and the redactor are kept.
     */
    public SessionGrant extendedTo(Instant newExpiresAt) {
        long newEnd = newExpiresAt.toEpochMilli();
        if (newEnd <= expiresAtMillis) {
            throw new IllegalArgumentException("an extension moves the end later");
        }
        return new SessionGrant(sessionId, hubId, technicianId, scope, newEnd, reveal, rate, redactor);
    }

    private static Map<String, Integer> compileMasks(Scope scope) {
        Map<String, Integer> masks = new HashMap<>();
        for (Scope.Grant grant : scope.grants()) {
            int mask = 0;
            for (Operation op : grant.ops()) {
                mask |= bit(op);
            }
            for (String device : grant.devices()) {
                masks.merge(device, mask, (a, b) -> a | b);
            }
        }
        return Map.copyOf(masks);
    }

    private static int bit(Operation op) {
        return 1 << op.ordinal();
    }

    /** Whether the grant allows {@code op} on {@code device}: one lookup, one AND, no allocation. */
    public boolean permits(String device, Operation op) {
        if (device == null || op == null) {
            return false;
        }
        Integer mask = opMaskByDevice.get(device);
        return mask != null && (mask & bit(op)) != 0;
    }

    /** Valid while {@code nowMillis < expiresAtMillis}; at the end instant it has expired. */
    public boolean isExpiredAt(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    public boolean reveals(DataClass dataClass) {
        return reveal.contains(dataClass);
    }

    public UUID sessionId() { return sessionId; }

    public UUID hubId() { return hubId; }

    public UUID technicianId() { return technicianId; }

    public Scope scope() { return scope; }

    public int scopeVersion() { return scope.version(); }

    public long expiresAtMillis() { return expiresAtMillis; }

    public Instant expiresAt() { return Instant.ofEpochMilli(expiresAtMillis); }

    /** A copy: the grant's own set never leaves it. */
    public Set<DataClass> reveal() { return EnumSet.copyOf(reveal); }

    public RateLimit rate() { return rate; }

    /** The redactor for this grant's reveal set and the session's key, built once; kept across escalations. */
    public Redactor redactor() { return redactor; }

    /** A fresh, full rate bucket for a new connection of this session. */
    public TokenBucket newBucket(long nowNanos) {
        return new TokenBucket(rate, nowNanos);
    }

    @Override
    public String toString() {
        return "SessionGrant[session=" + sessionId + ", scopeVersion=" + scope.version()
                + ", expiresAtMillis=" + expiresAtMillis + "]";
    }
}
