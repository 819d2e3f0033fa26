package io.chaperone.anomaly.rules;

/** The anomaly rules (docs/anomaly.md); the wire name is the {@code rule} of an {@code anomaly.flagged} record. */
public enum Rule {
    /** More commands per minute than the template's expected rate times a factor (or the technician's own baseline). */
    COMMAND_RATE("command_rate"),
    /** Many denied commands in a short window: probing outside the granted scope. */
    DENIAL_BURST("denial_burst"),
    /** A write, reboot or firmware update on a lock, camera or alarm. */
    SECURITY_DEVICE_OP("security_device_op"),
    /** Commands right after the resident refused an escalation. */
    AFTER_REFUSED_ESCALATION("after_refused_escalation"),
    /** Commands at hours unusual for the home. */
    UNUSUAL_HOUR("unusual_hour");

    private final String wireName;

    Rule(String wireName) { this.wireName = wireName; }

    public String wireName() { return wireName; }
}
