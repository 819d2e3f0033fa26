package io.chaperone.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every {@link Operation} in plain language, for approval screens and session reports: what it does, what data it
 * reads or changes, why a technician needs it and how risky it is. Kept beside the enum (not in the database) so a new
 * operation cannot ship without its description: {@link #of} fails on a missing one and a test walks all of them.
 */
public final class OperationCatalogue {

    /** How much can go wrong for the resident. */
    public enum Risk {
        LOW, MEDIUM, HIGH;

        @JsonValue
        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** What an operation does to the home, the first thing an approval screen sorts by. */
    public enum Kind {
        /** Looks only: changes nothing. */
        READ,
        /** Changes settings (recorded, can be rolled back). */
        WRITE,
        /** Restarts a device or the hub. */
        REBOOT,
        /** Installs software. */
        UPDATE;

        @JsonValue
        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /**
     * One operation explained. {@code title} completes "wants to …"; {@code reads} and {@code changes} say which data
     * it touches ("nothing" when none); {@code never} what it cannot see or do. {@code dataClasses}: the classes of
     * sensitive data its answers can carry, so the ones a resident's reveal would uncover (empty: nothing to reveal).
     */
    public record Description(Operation op, String title, String does, String reads, String changes, String never,
                              String why, Risk risk, boolean readOnly, Kind kind, List<DataClass> dataClasses,
                              boolean systemOnly) {
    }

    /** One data class in plain words: {@code title} names it ("passwords and codes"), {@code examples} shows what it holds. */
    public record DataClassDescription(DataClass dataClass, String title, String examples) {
    }

    private static final Map<DataClass, DataClassDescription> CLASSES = new EnumMap<>(DataClass.class);

    static {
        describe(DataClass.SECRET, "passwords, codes and keys",
                "the Wi-Fi password, a door keypad code, access tokens");
        describe(DataClass.PERSONAL, "names and contact details",
                "who unlocked the door, the names of phones, e-mail addresses");
        describe(DataClass.MEDIA, "camera pictures and streams",
                "camera stream addresses, snapshots and recordings");
        describe(DataClass.LOCATION, "where things are",
                "the home's address or coordinates, room names");
        describe(DataClass.NETWORK, "network addresses",
                "the IP and hardware (MAC) addresses of your devices and phones");
    }

    private static final Map<Operation, Description> ALL = new EnumMap<>(Operation.class);

    static {
        put(Operation.DIAG_READ, "read the device's diagnostics",
                "Reads the device's health report.",
                "temperatures, battery level, signal strength, uptime and error counters",
                "nothing",
                "your passwords or Wi-Fi key",
                "to see whether the device is healthy and what went wrong", Risk.LOW, Kind.READ,
                List.of(DataClass.NETWORK));
        put(Operation.LOGS_READ, "read the device's logs",
                "Reads the device's recent log messages.",
                "error and event messages, which can show when the device was used",
                "nothing",
                "secrets, which are masked unless you reveal them",
                "to find the error behind the problem you reported", Risk.LOW, Kind.READ,
                List.of(DataClass.SECRET, DataClass.PERSONAL, DataClass.LOCATION, DataClass.NETWORK));
        put(Operation.NET_TEST, "test the device's network connection",
                "Runs a short connection test from the device.",
                "signal strength, speed and reachability of the internet",
                "nothing",
                "what you do online",
                "to tell a device fault from a network fault", Risk.LOW, Kind.READ,
                List.of(DataClass.NETWORK));
        put(Operation.CONFIG_READ, "read the device's settings",
                "Reads the device's current settings.",
                "settings such as schedules, set-points and names; network details and secrets are masked unless you reveal them",
                "nothing",
                "masked values you did not reveal",
                "to check whether a setting causes the problem", Risk.MEDIUM, Kind.READ,
                List.of(DataClass.SECRET, DataClass.PERSONAL, DataClass.MEDIA, DataClass.LOCATION, DataClass.NETWORK));
        put(Operation.CONFIG_WRITE, "change the device's settings",
                "Changes one or more of the device's settings.",
                "the settings it changes",
                "the device's settings (each change is recorded and can be rolled back)",
                "anything outside the devices you approve",
                "to fix a wrong setting", Risk.HIGH, Kind.WRITE,
                List.of(DataClass.SECRET, DataClass.PERSONAL, DataClass.MEDIA, DataClass.LOCATION, DataClass.NETWORK));
        put(Operation.DEVICE_REBOOT, "restart the device",
                "Restarts the device; it is unavailable for about a minute.",
                "nothing",
                "nothing is changed, but the device stops working while it restarts",
                "your settings",
                "to clear a stuck state", Risk.MEDIUM, Kind.REBOOT,
                List.of());
        put(Operation.HUB_REBOOT, "restart the hub",
                "Restarts the hub; every device connected to it is unreachable for about a minute.",
                "nothing",
                "nothing is changed, but all your devices stop responding while the hub restarts",
                "your settings",
                "to clear a fault of the hub itself", Risk.HIGH, Kind.REBOOT,
                List.of());
        put(Operation.FIRMWARE_UPDATE, "install new firmware",
                "Installs a vendor-signed firmware version on the device.",
                "nothing",
                "the device's software; it restarts afterwards",
                "unsigned or unknown firmware, which the hub refuses",
                "to fix a known bug or security problem", Risk.HIGH, Kind.UPDATE,
                List.of());
        put(Operation.CONFIG_RESTORE, "put a setting back as it was",
                "Restores a setting changed in a session to its value before the change, only if nobody changed it since.",
                "the setting it restores",
                "the setting, back to its earlier value",
                "a setting that was changed again since (that is reported, not overwritten)",
                "because you asked to roll a change back", Risk.MEDIUM, Kind.WRITE,
                List.of(DataClass.SECRET, DataClass.PERSONAL, DataClass.MEDIA, DataClass.LOCATION, DataClass.NETWORK));
    }

    private OperationCatalogue() {
    }

    public static Description of(Operation op) {
        return Objects.requireNonNull(ALL.get(op), () -> "no description for " + op.wireName());
    }

    /** Descriptions of {@code ops}, in the enum's order (the order of increasing impact). */
    public static List<Description> of(java.util.Collection<Operation> ops) {
        return ALL.values().stream().filter(d -> ops.contains(d.op())).toList();
    }

    /** Every operation a technician may ask for (not the gateway's own system operations), in the enum's order. */
    public static List<Description> requestable() {
        return ALL.values().stream().filter(d -> !d.systemOnly()).toList();
    }

    public static DataClassDescription of(DataClass dataClass) {
        return Objects.requireNonNull(CLASSES.get(dataClass), () -> "no description for " + dataClass.wireName());
    }

    /** Every data class explained, in the enum's order. */
    public static List<DataClassDescription> dataClasses() {
        return List.copyOf(CLASSES.values());
    }

    private static void put(Operation op, String title, String does, String reads, String changes, String never,
                            String why, Risk risk, Kind kind, List<DataClass> dataClasses) {
        if (op.readOnly() != (kind == Kind.READ)) {
            throw new IllegalStateException(op.wireName() + ": only read operations are read-only");
        }
        ALL.put(op, new Description(op, title, does, reads, changes, never, why, risk, op.readOnly(), kind,
                List.copyOf(dataClasses), op.systemOnly()));
    }

    private static void describe(DataClass dataClass, String title, String examples) {
        CLASSES.put(dataClass, new DataClassDescription(dataClass, title, examples));
    }
}
