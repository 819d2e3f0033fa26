package io.chaperone.policy;

/**
 * The per-frame check of a technician command (ARCHITECTURE §6). Pure: no I/O, no clock reads, no
 * allocation; every input, including time, is an argument. The relay adds what only it can know
 * (audit committed, hub online) after an {@link Decision#ALLOW}.
 *
 * <p>Order matters and is fixed: session state → expiry → device known → (device, op) in grant → rate.
 * A token is only taken for a command that passed every other check, so refused commands cannot
 * drain the bucket.
 */
public final class FramePolicy {

    private FramePolicy() {
    }

    /**
     * Judges one command.
     *
     * @param grant       the session's current grant; {@code null} when the session has none (not approved)
     * @param active      the session's state is {@code active} (volatile read by the caller)
     * @param nowMillis   wall-clock time in epoch milliseconds, from the injected clock
     * @param device      the target device id from the frame
     * @param op          the operation, or {@code null} for a name that is no operation (then out of scope)
     * @param deviceKnown the hub's latest inventory contains {@code device}
     * @param bucket      the session's rate bucket
     * @param nowNanos    monotonic time for the bucket ({@code System.nanoTime()})
     */
    public static Decision judge(SessionGrant grant, boolean active, long nowMillis, String device, Operation op,
                                 boolean deviceKnown, TokenBucket bucket, long nowNanos) {
        Decision decision = judgeWithoutRate(grant, active, nowMillis, device, op, deviceKnown);
        return decision.allowed() ? rate(bucket, nowNanos) : decision;
    }

    /**
     * Every check but the rate: the relay adds its own (hub online, trusted, signed update) after this and spends
     * the token with {@link #rate} last, so a command refused for any reason never drains the bucket.
     */
    public static Decision judgeWithoutRate(SessionGrant grant, boolean active, long nowMillis, String device,
                                            Operation op, boolean deviceKnown) {
        if (grant == null || !active) {
            return DenyReason.SESSION_NOT_ACTIVE.decision();
        }
        if (grant.isExpiredAt(nowMillis)) {
            return DenyReason.EXPIRED.decision();
        }
        if (!deviceKnown) {
            return DenyReason.DEVICE_UNKNOWN.decision();
        }
        if (!grant.permits(device, op)) {
            return DenyReason.OUT_OF_SCOPE.decision();
        }
        return Decision.ALLOW;
    }

    /** Takes a token of the session's bucket: the last check of a command, once every other passed. */
    public static Decision rate(TokenBucket bucket, long nowNanos) {
        return bucket.tryAcquire(nowNanos) ? Decision.ALLOW : DenyReason.RATE_LIMITED.decision();
    }
}
