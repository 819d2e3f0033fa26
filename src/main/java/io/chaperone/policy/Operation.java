package io.chaperone.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/** The operations a technician can ask a hub to perform (ARCHITECTURE §5). */
public enum Operation {
    DIAG_READ("diag.read", true),
    LOGS_READ("logs.read", true),
    NET_TEST("net.test", true),
    CONFIG_READ("config.read", true),
    CONFIG_WRITE("config.write", false),
    DEVICE_REBOOT("device.reboot", false),
    HUB_REBOOT("hub.reboot", false),
    FIRMWARE_UPDATE("firmware.update", false),
    /**
     * Sent by the gateway only, as a system command (a resident's rollback, docs/adr/0025): never in a template, so
     * never in a technician's scope.
     */
    CONFIG_RESTORE("config.restore", false);

    private static final Operation[] ALL = values();

    private final String wireName;
    private final boolean readOnly;

    Operation(String wireName, boolean readOnly) {
        this.wireName = wireName;
        this.readOnly = readOnly;
    }

    /**
     * Whether the operation only looks: it changes no setting, restarts nothing and installs nothing. An approval
     * without an explicit scope grants only these (docs/api.md).
     */
    public boolean readOnly() { return readOnly; }

    /** Whether only the gateway itself sends it: no template, request or escalation may name it. */
    public boolean systemOnly() { return this == CONFIG_RESTORE; }

    /** What the operation does, in words a resident understands ({@link OperationCatalogue}). */
    public OperationCatalogue.Description description() { return OperationCatalogue.of(this); }

    @JsonValue
    public String wireName() { return wireName; }

    /** Lookup without exceptions: the per-frame path calls this for every command. */
    public static Optional<Operation> fromWire(String name) {
        if (name != null) {
            for (Operation op : ALL) {
                if (op.wireName.equals(name)) {
                    return Optional.of(op);
                }
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static Operation fromJson(String name) {
        return fromWire(name).orElseThrow(() -> new IllegalArgumentException("unknown operation"));
    }
}
