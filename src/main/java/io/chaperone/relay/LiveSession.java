package io.chaperone.relay;

import io.chaperone.consent.Actor;
import io.chaperone.identity.Role;
import io.chaperone.policy.SessionGrant;
import io.chaperone.policy.TokenBucket;
import io.quarkus.websockets.next.CloseReason;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongFunction;

/**
 * A session with a connected technician. The grant is swapped atomically on escalation; {@link #shut}
 * stops every later forward at once (revocation, expiry, suspension) and is taken under the same lock
 * as {@link #forwardIfOpen}, so no command can be forwarded once the session was shut. It is registered
 * before it is {@link #ready}: until activation, the re-read of the durable state and the session-start
 * attestation have passed, no command is judged (docs/adr/0007).
 */
public final class LiveSession {

    private final UUID sessionId;
    private final UUID hubId;
    private final UUID homeId;
    private final String residentSubject;
    private final UUID technicianId;
    private final String technicianSubject;
    private final Outbox technician;
    private final TokenBucket bucket;
    /** Command ids from judgement to outcome: {@code false} while judged and audited, {@code true} once forwarded. */
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private final List<Long> timers = new CopyOnWriteArrayList<>();
    /** The expiry timer and warnings, a subset of {@link #timers}: an extension replaces them. */
    private final List<Long> expiryTimers = new CopyOnWriteArrayList<>();
    private volatile SessionGrant grant;
    private volatile CloseReason shutReason;
    private volatile boolean ready;
    private long forwarded;

    /** {@code bucket}: the session's rate bucket, which outlives this connection ({@link SessionBudgets}). */
    LiveSession(SessionGrant grant, UUID homeId, String residentSubject, String technicianSubject, Outbox technician,
                TokenBucket bucket) {
        this.sessionId = grant.sessionId();
        this.hubId = grant.hubId();
        this.homeId = homeId;
        this.residentSubject = residentSubject;
        this.technicianId = grant.technicianId();
        this.technicianSubject = technicianSubject;
        this.technician = technician;
        this.grant = grant;
        this.bucket = bucket;
    }

    public UUID sessionId() { return sessionId; }

    public UUID hubId() { return hubId; }

    public UUID homeId() { return homeId; }

    public UUID technicianId() { return technicianId; }

    public String technicianSubject() { return technicianSubject; }

    public Outbox technician() { return technician; }

    public SessionGrant grant() { return grant; }

    public TokenBucket bucket() { return bucket; }

    public boolean active() { return shutReason == null; }

    /** Whether commands may be judged: the session started (activated, re-read, attested) and was not shut. */
    public boolean ready() { return ready && shutReason == null; }

    void markReady() {
        ready = true;
    }

    /**
     * Whether {@code actor} may close this session before its transition is even loaded: the gateway, ops, the
     * session's technician, the resident of its home, recognised by the token's subject (no database read, so a
     * revocation storm closes sockets without waiting for connections). Anyone else goes the slow way and meets
     * the 404 there, so knowing a session id is not enough to cut someone else's session.
     */
    public boolean closableBy(Actor actor) {
        if (actor.isSystem() || actor.is(Role.OPS)) {
            return true;
        }
        return actor.is(Role.TECHNICIAN) ? technicianSubject.equals(actor.subject())
                : actor.is(Role.RESIDENT) && residentSubject.equals(actor.subject());
    }

    public CloseReason shutReason() { return shutReason; }

    void swapGrant(SessionGrant next) {
        this.grant = next;
    }

    /** Stops every later forward; the first reason wins. */
    synchronized boolean shut(CloseReason reason) {
        if (shutReason != null) {
            return false;
        }
        shutReason = reason;
        return true;
    }

    /**
     * Runs {@code send} with the next command sequence number unless the session was shut. The lock
     * makes "shut" and "forward" mutually exclusive.
     */
    synchronized boolean forwardIfOpen(String commandId, LongFunction<Boolean> send) {
        if (shutReason != null) {
            return false;
        }
        long seq = forwarded + 1;
        // Awaited before the frame leaves: the hub's answer is handled on the hub connection's event loop, which
        // may run it before send returns here; registered afterwards, such an answer was refused as unknown.
        inFlight.put(commandId, Boolean.TRUE);
        if (!send.apply(seq)) {
            inFlight.remove(commandId);
            return false;
        }
        forwarded = seq;
        return true;
    }

    /** Whether the hub may still answer this command id (it was forwarded and is not finished). */
    boolean awaits(String commandId) {
        return Boolean.TRUE.equals(inFlight.get(commandId));
    }

    void finished(String commandId) {
        inFlight.remove(commandId);
    }

    /**
     * Reserves {@code commandId} as the command is judged, before its audit record is enqueued; false if a command
     * with this id is still running. Released by {@link #finished} on its outcome (denied, abandoned, answered).
     */
    boolean reserve(String commandId) {
        return inFlight.putIfAbsent(commandId, Boolean.FALSE) == null;
    }

    void addTimer(long timerId) {
        timers.add(timerId);
    }

    List<Long> timers() {
        return timers;
    }

    void addExpiryTimer(long timerId) {
        timers.add(timerId);
        expiryTimers.add(timerId);
    }

    /** The expiry timers armed so far, forgotten here (the caller cancels them). */
    List<Long> takeExpiryTimers() {
        List<Long> taken = List.copyOf(expiryTimers);
        expiryTimers.removeAll(taken);
        timers.removeAll(taken);
        return taken;
    }
}
