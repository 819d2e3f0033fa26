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

    /**
     * The one decision on a command, in a fixed order, whoever sends it (CommandGate is its only caller on the relay):
     * session state → expiry → device known → scope → hub online → hub trusted → firmware signature → rate.
     * A system command ({@code facts.system()}) skips the technician's consent limits (state, expiry, scope, rate):
     * its caller authorised it (a resident's rollback, the gateway's read-back); the hub checks still apply.
     * The token is spent last, so a command refused for any other reason never drains the bucket.
     *
     * @param updates judges a {@link Operation#FIRMWARE_UPDATE}'s signature; called only when every earlier check passed
     * @param bucket  the session's rate bucket; unused for a system command
     */
    public static Decision judgeCommand(CommandFacts facts, FirmwareCheck updates, TokenBucket bucket, long nowNanos) {
        if (!facts.system()) {
            if (!facts.ready()) {
                return DenyReason.SESSION_NOT_ACTIVE.decision();
            }
            // An offline hub has no inventory to be unknown in: it is refused as offline after the scope check.
            Decision consent = judgeWithoutRate(facts.grant(), true, facts.nowMillis(), facts.device(), facts.op(),
                    !facts.hubOnline() || facts.deviceKnown());
            if (!consent.allowed()) {
                return consent;
            }
        } else if (facts.hubOnline() && !facts.deviceKnown()) {
            return DenyReason.DEVICE_UNKNOWN.decision();
        } else if (facts.op() == null) {
            return DenyReason.OUT_OF_SCOPE.decision();
        }
        if (!facts.hubOnline()) {
            return DenyReason.HUB_OFFLINE.decision();
        }
        if (!facts.hubTrusted()) {
            return DenyReason.HUB_QUARANTINED.decision();
        }
        if (facts.op() == Operation.FIRMWARE_UPDATE) {
            DenyReason refused = facts.deviceKnown()
                    ? updates.refusal(facts.deviceModel(), facts.deviceFirmware(), facts.args())
                    : DenyReason.DEVICE_UNKNOWN;
            if (refused != null) {
                return refused.decision();
            }
        }
        return facts.system() ? Decision.ALLOW : rate(bucket, nowNanos);
    }

    /** Takes a token of the session's bucket: the last check of a command, once every other passed. */
    public static Decision rate(TokenBucket bucket, long nowNanos) {
        return bucket.tryAcquire(nowNanos) ? Decision.ALLOW : DenyReason.RATE_LIMITED.decision();
    }
}
