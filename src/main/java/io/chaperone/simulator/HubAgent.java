package io.chaperone.simulator;

import io.chaperone.trust.device.FirmwareSignature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hub side of protocol v1 (ARCHITECTURE §5) without any I/O: a frame from the gateway goes in, the
 * frames the hub answers come out, in order. {@link SimulatedHub} puts it on a socket; tests can drive it
 * directly. It records every frame and every {@code cmd} it received, so tests can prove what never
 * reached the hub.
 *
 * <p>Failed commands are answered {@code {"type":"result","sid","id","ok":false,"error":{"code","message"}}}
 * with codes {@code session_not_open}, {@code device_unknown}, {@code unsupported_op}, {@code invalid_args}.
 * With {@link #enforceCapabilities(CapabilityVerifier)} the capability JWT of {@code session.open} is verified and
 * enforced ({@code outside_capability}); without, it is kept but not checked.
 */
public final class HubAgent {

    static final int DEFAULT_LOG_LINES = 6;
    static final int LINES_PER_CHUNK = 2;
    static final int MAX_LOG_LINES = 500;

    private final Map<String, SimulatedDevice> devices;
    private final Clock clock;
    private final SplittableRandom random;
    private final Map<String, String> openSessions = new ConcurrentHashMap<>();
    private final List<JsonObject> receivedFrames = new CopyOnWriteArrayList<>();
    private final List<JsonObject> receivedCommands = new CopyOnWriteArrayList<>();
    private volatile String hubId;
    private volatile Map<String, List<PublicKey>> vendorKeys = Map.of();
    private final Map<String, CapabilityVerifier.Capability> capabilities = new ConcurrentHashMap<>();
    private volatile CapabilityVerifier capabilityVerifier;

    public HubAgent(Collection<SimulatedDevice> devices, Clock clock, long seed) {
        Map<String, SimulatedDevice> byId = new LinkedHashMap<>();
        devices.forEach(d -> byId.put(d.id(), d));
        this.devices = Collections.unmodifiableMap(byId);
        this.clock = clock;
        this.random = new SplittableRandom(seed);
    }

    /** A home with one device of every kind: thermostat-1, light-1, camera-1, lock-1, wifi-1. */
    public static HubAgent standardHome(Clock clock) {
        List<SimulatedDevice> devices = new ArrayList<>();
        for (DeviceKind kind : DeviceKind.values()) {
            devices.add(new SimulatedDevice(kind.wireName() + "-1", kind, clock));
        }
        return new HubAgent(devices, clock, 42);
    }

    /** The {@code inventory} frame: sent on welcome and whenever a device changes identity (firmware). */
    public JsonObject inventory() {
        JsonArray list = new JsonArray();
        devices.values().forEach(d -> list.add(d.inventoryEntry()));
        return new JsonObject().put("type", "inventory").put("devices", list);
    }

    /** Handles one frame from the gateway and returns the hub's answers, in the order they are sent. */
    public List<JsonObject> onFrame(JsonObject frame) {
        receivedFrames.add(frame.copy());
        String type = frame.getValue("type") instanceof String t ? t : "";
        return switch (type) {
            case "welcome" -> {
                hubId = frame.getValue("hubId") == null ? null : String.valueOf(frame.getValue("hubId"));
                yield List.of(inventory());
            }
            case "session.open" -> {
                String sid = frame.getValue("sid") instanceof String s ? s : null;
                if (sid != null) {
                    openSessions.put(sid, frame.getValue("capability") instanceof String c ? c : "");
                    if (capabilityVerifier != null) {
                        // An unverifiable capability leaves the session without any: every command is refused.
                        capabilityVerifier.verify(openSessions.get(sid), sid, String.valueOf(hubId), clock)
                                .ifPresentOrElse(c -> capabilities.put(sid, c), () -> capabilities.remove(sid));
                    }
                }
                yield List.of();
            }
            case "session.close" -> {
                String sid = frame.getString("sid");
                if (sid != null) {
                    openSessions.remove(sid);
                    capabilities.remove(sid);
                }
                yield List.of();
            }
            case "cmd" -> {
                receivedCommands.add(frame.copy());
                yield execute(frame);
            }
            default -> List.of(); // attest.* is answered by SimulatedHub; error frames are only recorded
        };
    }

    private List<JsonObject> execute(JsonObject cmd) {
        String sid = cmd.getValue("sid") instanceof String s ? s : null;
        String id = cmd.getValue("id") instanceof String s ? s : null;
        if (sid == null || !openSessions.containsKey(sid)) {
            return List.of(failure(sid, id, "session_not_open", "no open session with this id"));
        }
        String deviceId = cmd.getValue("device") instanceof String s ? s : null;
        String requested = cmd.getValue("op") instanceof String s ? s : "";
        if (capabilityVerifier != null && (capabilities.get(sid) == null
                || !capabilities.get(sid).permits(deviceId, requested, clock.millis()))) {
            return List.of(failure(sid, id, "outside_capability", "the session's capability does not allow this"));
        }
        SimulatedDevice device = deviceId == null ? null : devices.get(deviceId);
        if (device == null) {
            return List.of(failure(sid, id, "device_unknown", "no such device on this hub"));
        }
        JsonObject args = cmd.getValue("args") instanceof JsonObject a ? a : new JsonObject();
        String op = cmd.getValue("op") instanceof String s ? s : "";
        try {
            return switch (op) {
                case "diag.read" -> List.of(success(sid, id, device.diagnostics()));
                case "config.read" -> List.of(success(sid, id, device.config()));
                case "config.write" -> configWrite(sid, id, device, args);
                case "config.restore" -> configRestore(sid, id, device, args);
                case "logs.read" -> logs(sid, id, device, args);
                case "net.test" -> List.of(success(sid, id, netTest(args)));
                case "device.reboot" -> reboot(sid, id, device);
                case "hub.reboot" -> List.of(success(sid, id, new JsonObject().put("status", "rebooting")),
                        event("hub", "rebooting"), event("hub", "ok"));
                case "firmware.update" -> firmwareUpdate(sid, id, device, args);
                default -> List.of(failure(sid, id, "unsupported_op", "this hub does not support the operation"));
            };
        } catch (SimulatedDevice.InvalidArgs e) {
            return List.of(failure(sid, id, "invalid_args", e.getMessage()));
        }
    }

    private static List<JsonObject> configWrite(String sid, String id, SimulatedDevice device, JsonObject args) {
        JsonObject change = device.writeConfig(args).put("device", device.id());
        return List.of(success(sid, id, change.getJsonObject("after").copy()).put("configChange", change));
    }

    /**
     * {@code config.restore} (docs/protocol.md): sets {@code args.set} only if every setting still holds its value in
     * {@code args.expect}, atomically; otherwise fails {@code conflict} and changes nothing.
     */
    private static List<JsonObject> configRestore(String sid, String id, SimulatedDevice device, JsonObject args) {
        if (!(args.getValue("set") instanceof JsonObject set) || !(args.getValue("expect") instanceof JsonObject expect)) {
            throw new SimulatedDevice.InvalidArgs("config.restore needs 'set' and 'expect' objects");
        }
        JsonObject change = device.restoreConfig(set, expect);
        if (change == null) {
            return List.of(failure(sid, id, "conflict", "a setting changed since; nothing was restored"));
        }
        change.put("device", device.id());
        return List.of(success(sid, id, change.getJsonObject("after").copy()).put("configChange", change));
    }

    private List<JsonObject> logs(String sid, String id, SimulatedDevice device, JsonObject args) {
        int lines = intArg(args, "lines", DEFAULT_LOG_LINES, 1, MAX_LOG_LINES);
        List<JsonObject> frames = new ArrayList<>();
        Instant now = clock.instant();
        StringBuilder chunk = new StringBuilder();
        for (int n = 0; n < lines; n++) {
            chunk.append(now.minusSeconds(60L * (lines - n))).append(' ').append(device.id()).append(' ')
                    .append(device.kind().logMessage(n)).append('\n');
            if ((n + 1) % LINES_PER_CHUNK == 0 || n == lines - 1) {
                frames.add(new JsonObject().put("type", "output").put("sid", sid).put("id", id)
                        .put("chunk", chunk.toString()));
                chunk.setLength(0);
            }
        }
        frames.add(success(sid, id, new JsonObject().put("lines", lines).put("chunks", frames.size())));
        return frames;
    }

    private JsonObject netTest(JsonObject args) {
        int samples = intArg(args, "count", 4, 1, 20);
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            double rtt = Math.round((8 + random.nextDouble() * 12) * 10) / 10.0;
            min = Math.min(min, rtt);
            max = Math.max(max, rtt);
            sum += rtt;
        }
        double avg = Math.round(sum / samples * 10) / 10.0;
        return new JsonObject().put("target", args.getValue("target") instanceof String t ? t : "gateway")
                .put("samples", samples).put("packetLoss", 0.0)
                .put("latencyMs", new JsonObject().put("min", min).put("avg", avg).put("max", max));
    }

    private static List<JsonObject> reboot(String sid, String id, SimulatedDevice device) {
        device.startReboot();
        JsonObject rebooting = event(device.id(), "rebooting");
        JsonObject result = success(sid, id, new JsonObject().put("status", "rebooting"));
        device.finishReboot();
        return List.of(rebooting, result, event(device.id(), "ok"));
    }

    private List<JsonObject> firmwareUpdate(String sid, String id, SimulatedDevice device, JsonObject args) {
        for (String required : List.of("version", "artifactSha256", "signature")) {
            if (!(args.getValue(required) instanceof String value) || value.isBlank()) {
                throw new SimulatedDevice.InvalidArgs("firmware.update needs '" + required + "'");
            }
        }
        // The hub checks the vendor signature and anti-rollback again before "installing" (defence in depth).
        String model = device.inventoryEntry().getString("model");
        String version = args.getString("version");
        boolean signed = vendorKeys.getOrDefault(model, List.of()).stream().anyMatch(key -> FirmwareSignature.verify(
                key, args.getString("artifactSha256"), model, version, args.getString("signature")));
        if (!signed) {
            return List.of(failure(sid, id, "update_signature_invalid", "no vendor key of this model verifies the update"));
        }
        if (FirmwareSignature.compareVersions(version, device.inventoryEntry().getString("firmware")) < 0) {
            return List.of(failure(sid, id, "update_downgrade", "the version is older than the installed firmware"));
        }
        String before = device.updateFirmware(version);
        JsonObject data = new JsonObject().put("firmware",
                new JsonObject().put("before", before).put("after", args.getString("version")));
        return List.of(success(sid, id, data), inventory());
    }

    private static int intArg(JsonObject args, String name, int fallback, int min, int max) {
        Object value = args.getValue(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number) || number.intValue() < min || number.intValue() > max) {
            throw new SimulatedDevice.InvalidArgs("'" + name + "' must be a number from " + min + " to " + max);
        }
        return number.intValue();
    }

    static JsonObject success(String sid, String id, JsonObject data) {
        return new JsonObject().put("type", "result").put("sid", sid).put("id", id).put("ok", true).put("data", data);
    }

    static JsonObject failure(String sid, String id, String code, String message) {
        return new JsonObject().put("type", "result").put("sid", sid).put("id", id).put("ok", false)
                .put("error", new JsonObject().put("code", code).put("message", message));
    }

    /** A device status event (no session: it concerns the device, and the gateway routes it). */
    public static JsonObject event(String device, String status) {
        return new JsonObject().put("type", "event").put("device", device).put("status", status);
    }

    /**
     * Enforces {@code session.open} capabilities verified with the gateway's keys: commands outside a session's
     * capability, or after its expiry, are answered {@code outside_capability} even if the gateway sent them.
     */
    public HubAgent enforceCapabilities(CapabilityVerifier verifier) {
        this.capabilityVerifier = verifier;
        return this;
    }

    /** The vendor keys this hub ships with, per device model; without any, every firmware.update is refused. */
    public HubAgent trustVendorKeys(Map<String, List<PublicKey>> keys) {
        this.vendorKeys = Map.copyOf(keys);
        return this;
    }

    public Optional<SimulatedDevice> device(String id) { return Optional.ofNullable(devices.get(id)); }

    public Collection<SimulatedDevice> devices() { return devices.values(); }

    /** The hub id the gateway named in its last {@code welcome}, if any. */
    public Optional<String> hubId() { return Optional.ofNullable(hubId); }

    public Set<String> openSessions() { return Set.copyOf(openSessions.keySet()); }

    /** Every {@code cmd} frame received, in order (copies). */
    public List<JsonObject> receivedCommands() { return List.copyOf(receivedCommands); }

    /** Every frame received, in order (copies). */
    public List<JsonObject> receivedFrames() { return List.copyOf(receivedFrames); }
}
