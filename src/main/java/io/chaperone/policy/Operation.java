package io.chaperone.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/** The operations a technician can ask a hub to perform (ARCHITECTURE §5). */
public enum Operation {
    DIAG_READ("diag.read"),
    LOGS_READ("logs.read"),
    NET_TEST("net.test"),
    CONFIG_READ("config.read"),
    CONFIG_WRITE("config.write"),
    DEVICE_REBOOT("device.reboot"),
    HUB_REBOOT("hub.reboot"),
    FIRMWARE_UPDATE("firmware.update");

    private static final Operation[] ALL = values();

    private final String wireName;

    Operation(String wireName) { this.wireName = wireName; }

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
