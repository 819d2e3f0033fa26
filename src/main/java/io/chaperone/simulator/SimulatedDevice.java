package io.chaperone.simulator;

import io.chaperone.policy.DataClass;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One simulated device: identity, status, firmware and a configuration that {@code config.write} really
 * changes. Methods are synchronized because the hub's event loop mutates it while tests read it.
 */
public final class SimulatedDevice {

    private final String id;
    private final DeviceKind kind;
    private final Clock clock;
    private JsonObject config;
    private String firmware;
    private String status = "ok";
    private Instant bootedAt;

    public SimulatedDevice(String id, DeviceKind kind, Clock clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = kind.factoryConfig();
        this.firmware = "1.4.2";
        this.bootedAt = clock.instant();
    }

    public String id() { return id; }

    public DeviceKind kind() { return kind; }

    public synchronized String firmware() { return firmware; }

    public synchronized String status() { return status; }

    /** A copy of the current configuration (sensitive values tagged). */
    public synchronized JsonObject config() { return config.copy(); }

    /** This device as an {@code inventory} entry. */
    public synchronized JsonObject inventoryEntry() {
        return new JsonObject().put("id", id).put("kind", kind.wireName()).put("model", kind.model())
                .put("firmware", firmware).put("status", status);
    }

    synchronized JsonObject diagnostics() {
        return kind.diagnostics().put("status", status).put("firmware", firmware)
                .put("uptimeSeconds", Duration.between(bootedAt, clock.instant()).toSeconds());
    }

    /**
     * Applies a partial configuration. Only existing keys may be written, each with a value of the same
     * JSON type; a plain value written to a sensitive key is stored tagged with that key's class.
     *
     * @return {@code {before, after}} of the whole configuration
     * @throws InvalidArgs when a key is unknown or a value has the wrong type; nothing is changed then
     */
    synchronized JsonObject writeConfig(JsonObject changes) {
        if (changes == null || changes.isEmpty()) {
            throw new InvalidArgs("config.write needs at least one setting");
        }
        JsonObject after = config.copy();
        for (Map.Entry<String, Object> change : changes) {
            String key = change.getKey();
            if (!config.containsKey(key)) {
                throw new InvalidArgs("unknown setting '" + key + "'");
            }
            after.put(key, coerce(key, config.getValue(key), change.getValue()));
        }
        JsonObject before = config;
        config = after;
        return new JsonObject().put("before", before.copy()).put("after", after.copy());
    }

    /**
     * Sets {@code set} (values as they were, tags included) only if every setting of {@code expect} still holds
     * exactly that value; null (nothing changed) on a conflict. Returns {@code {before, after}} like a write.
     */
    /**
     * Someone at the device itself changed {@code setting} (outside any session: a button, a factory reset), as tests
     * of the end-of-session read-back and of rollback conflicts need.
     */
    public synchronized void changedLocally(String setting, Object value) {
        if (!config.containsKey(setting)) {
            throw new InvalidArgs("unknown setting '" + setting + "'");
        }
        JsonObject after = config.copy();
        after.put(setting, value);
        config = after;
    }

    synchronized JsonObject restoreConfig(JsonObject set, JsonObject expect) {
        for (Map.Entry<String, Object> expected : expect) {
            if (!config.containsKey(expected.getKey())
                    // Compared as JSON (JsonObject.equals treats 22 and 22L alike), as the gateway sent them.
                    || !new JsonObject().put("v", config.getValue(expected.getKey()))
                            .equals(new JsonObject().put("v", expected.getValue()))) {
                return null;
            }
        }
        JsonObject after = config.copy();
        for (Map.Entry<String, Object> restore : set) {
            if (!config.containsKey(restore.getKey())) {
                throw new InvalidArgs("unknown setting '" + restore.getKey() + "'");
            }
            after.put(restore.getKey(), restore.getValue());
        }
        JsonObject before = config;
        config = after;
        return new JsonObject().put("before", before.copy()).put("after", after.copy());
    }

    private static Object coerce(String key, Object current, Object next) {
        if (Sensitive.isTag(current) && next instanceof String text) {
            DataClass dataClass = DataClass.fromWire(((JsonObject) current).getString(Sensitive.TAG))
                    .orElse(DataClass.SECRET);
            return Sensitive.tag(dataClass, text);
        }
        boolean sameType = current instanceof Number ? next instanceof Number
                : current instanceof Boolean ? next instanceof Boolean
                : current instanceof String && next instanceof String;
        if (!sameType) {
            throw new InvalidArgs("setting '" + key + "' has the wrong type");
        }
        return next;
    }

    synchronized void startReboot() {
        status = "rebooting";
    }

    synchronized void finishReboot() {
        status = "ok";
        bootedAt = clock.instant();
    }

    /** @return the firmware before the update */
    synchronized String updateFirmware(String version) {
        String before = firmware;
        firmware = version;
        return before;
    }

    /** Bad arguments to a command: answered as {@code result ok:false, error.code invalid_args}. */
    static final class InvalidArgs extends RuntimeException {
        InvalidArgs(String message) {
            super(message, null, false, false);
        }
    }
}
