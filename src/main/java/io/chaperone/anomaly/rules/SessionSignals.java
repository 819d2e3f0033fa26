package io.chaperone.anomaly.rules;

import io.chaperone.policy.Operation;

/**
 * The anomaly counters of one live session, fed by every technician command on the frame path: fixed-size arrays and
 * a few longs, O(1) per command, no allocation unless a rule trips (then one {@link Flag}). Each warning rule flags
 * at most once per session; the denial burst flags its warning once and its severe level once per burst, and
 * {@link #resumed()} starts counting afresh (the resident decided to let the session go on).
 *
 * <p>Called from the technician's event loop; {@link #escalationRefused(long)} may come from another thread and only
 * writes a volatile.
 */
public final class SessionSignals {

    private final Thresholds thresholds;
    /** Commands allowed per minute before the rate rule trips: expected × factor (at least 1). */
    private final long rateLimitPerMinute;
    /** Times of the last {@code denialSevere} denials, a ring. */
    private final long[] denials;
    private int denialCount;
    private int denialNext;
    private long minuteStart = Long.MIN_VALUE;
    private long minuteCommands;
    private volatile long escalationRefusedAt = Long.MIN_VALUE;
    /** Bit per rule ordinal: warnings already raised. */
    private int warned;
    private boolean severeRaised;

    public SessionSignals(Thresholds thresholds, int expectedPerMinute) {
        this.thresholds = thresholds;
        this.rateLimitPerMinute = Math.max(1, (long) Math.ceil(Math.max(1, expectedPerMinute) * thresholds.rateFactor()));
        this.denials = new long[thresholds.denialSevere()];
    }

    /**
     * One technician command, allowed or denied.
     *
     * @param deviceKind the device's kind from the hub's inventory, or null
     * @param localHour  the hour (0–23) at the home now
     * @return the flag raised by this command, or null (almost always)
     */
    public Flag command(long nowMillis, boolean denied, Operation op, String deviceKind, int localHour) {
        if (denied) {
            Flag burst = denial(nowMillis);
            if (burst != null) {
                return burst;
            }
        } else {
            Flag rate = rate(nowMillis);
            if (rate != null) {
                return rate;
            }
        }
        if (op != null && op != Operation.DIAG_READ && op != Operation.LOGS_READ && op != Operation.CONFIG_READ
                && op != Operation.NET_TEST && deviceKind != null && thresholds.securityKinds().contains(deviceKind)
                && once(Rule.SECURITY_DEVICE_OP)) {
            return new Flag(Rule.SECURITY_DEVICE_OP, Severity.WARNING, 1, 0);
        }
        long refused = escalationRefusedAt;
        if (refused != Long.MIN_VALUE && nowMillis - refused <= thresholds.escalationWindowMillis()
                && once(Rule.AFTER_REFUSED_ESCALATION)) {
            return new Flag(Rule.AFTER_REFUSED_ESCALATION, Severity.WARNING, nowMillis - refused,
                    thresholds.escalationWindowMillis());
        }
        if (thresholds.quiet(localHour) && once(Rule.UNUSUAL_HOUR)) {
            return new Flag(Rule.UNUSUAL_HOUR, Severity.WARNING, localHour, thresholds.quietFromHour());
        }
        return null;
    }

    /** The resident refused an escalation at {@code atMillis}. */
    public void escalationRefused(long atMillis) {
        escalationRefusedAt = atMillis;
    }

    /** The resident resumed the session after a severe flag: the burst is forgiven. */
    public void resumed() {
        denialCount = 0;
        denialNext = 0;
        severeRaised = false;
        warned &= ~(1 << Rule.DENIAL_BURST.ordinal());
    }

    private Flag denial(long now) {
        denials[denialNext] = now;
        denialNext = (denialNext + 1) % denials.length;
        if (denialCount < denials.length) {
            denialCount++;
        }
        long window = thresholds.denialWindowMillis();
        int severe = thresholds.denialSevere();
        if (!severeRaised && denialCount >= severe && now - denials[denialNext % denials.length] < window) {
            // The oldest of the last `severe` denials (the slot to be overwritten next) is within the window.
            severeRaised = true;
            return new Flag(Rule.DENIAL_BURST, Severity.SEVERE, severe, severe);
        }
        int warn = thresholds.denialWarn();
        if (denialCount >= warn && now - denials[Math.floorMod(denialNext - warn, denials.length)] < window
                && once(Rule.DENIAL_BURST)) {
            return new Flag(Rule.DENIAL_BURST, Severity.WARNING, warn, warn);
        }
        return null;
    }

    private Flag rate(long now) {
        if (now - minuteStart >= 60_000 || now < minuteStart) {
            minuteStart = now;
            minuteCommands = 0;
        }
        minuteCommands++;
        if (minuteCommands > rateLimitPerMinute && once(Rule.COMMAND_RATE)) {
            return new Flag(Rule.COMMAND_RATE, Severity.WARNING, minuteCommands, rateLimitPerMinute);
        }
        return null;
    }

    private boolean once(Rule rule) {
        int bit = 1 << rule.ordinal();
        if ((warned & bit) != 0) {
            return false;
        }
        warned |= bit;
        return true;
    }
}
