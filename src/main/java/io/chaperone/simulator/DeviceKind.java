package io.chaperone.simulator;

import io.chaperone.policy.DataClass;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The kinds of device a simulated hub offers, each with a factory configuration, kind-specific
 * diagnostics and log lines. Sensitive values are tagged exactly as a real hub must tag them (§5).
 */
public enum DeviceKind {

    THERMOSTAT("thermostat", "Thermo T3", List.of(
            "heating on, target reached in 14 min",
            "sensor calibrated, offset 0.2 C",
            "schedule switched to 'evening'")) {
        @Override
        JsonObject factoryConfig() {
            return new JsonObject().put("setpoint", 21.5).put("mode", "heat");
        }

        @Override
        JsonObject diagnostics() {
            return new JsonObject().put("temperature", 20.4).put("humidity", 41).put("battery", 87);
        }
    },
    LIGHT("light", "Lumen A19", List.of(
            "turned on by schedule",
            "brightness set to 80%",
            "turned off by wall switch")) {
        @Override
        JsonObject factoryConfig() {
            return new JsonObject().put("on", true).put("brightness", 80).put("colorTemperature", 2700);
        }

        @Override
        JsonObject diagnostics() {
            return new JsonObject().put("powerWatts", 7.5).put("switchCycles", 1204);
        }
    },
    CAMERA("camera", "Eye 2", List.of(
            "motion detected in zone 'driveway'",
            "stream started for " + tagJson(DataClass.PERSONAL, "Ann's phone"),
            "storage 62% used")) {
        @Override
        JsonObject factoryConfig() {
            return new JsonObject().put("resolution", "1080p").put("nightVision", true)
                    .put("streamUrl", Sensitive.tag(DataClass.MEDIA, "rtsp://192.168.1.23:554/live/main"));
        }

        @Override
        JsonObject diagnostics() {
            return new JsonObject().put("fps", 25).put("storageUsedPercent", 62).put("bitrateKbps", 2048);
        }
    },
    LOCK("lock", "Bolt 5", List.of(
            "unlocked by " + tagJson(DataClass.PERSONAL, "Ann"),
            "locked automatically after 30 s",
            "keypad code accepted: " + tagJson(DataClass.SECRET, "4821"))) {
        @Override
        JsonObject factoryConfig() {
            return new JsonObject().put("autoLockSeconds", 30).put("keypadCode", Sensitive.tag(DataClass.SECRET, "4821"));
        }

        @Override
        JsonObject diagnostics() {
            return new JsonObject().put("locked", true).put("battery", 64).put("jammed", false);
        }
    },
    WIFI("wifi", "Mesh AX", List.of(
            "client " + tagJson(DataClass.NETWORK, "3c:22:fb:01:02:03") + " joined",
            "channel changed to 36 (interference)",
            "client " + tagJson(DataClass.NETWORK, "a4:83:e7:0a:0b:0c") + " left",
            // Untagged on purpose: a firmware that logs its key in clear, what the pattern safety net is for.
            "hostapd: config reloaded ssid=home-net wpa_passphrase=correct-horse-battery gw 192.168.1.1")) {
        @Override
        JsonObject factoryConfig() {
            return new JsonObject().put("ssid", "home-net").put("band", "5GHz").put("channel", 36)
                    .put("psk", Sensitive.tag(DataClass.SECRET, "correct-horse-battery"))
                    .put("clients", new JsonArray()
                            .add(Sensitive.tag(DataClass.NETWORK, "3c:22:fb:01:02:03"))
                            .add(Sensitive.tag(DataClass.NETWORK, "a4:83:e7:0a:0b:0c")));
        }

        @Override
        JsonObject diagnostics() {
            return new JsonObject().put("rssiDbm", -48).put("uplinkMbps", 412.5).put("connectedClients", 2);
        }
    };

    private final String wireName;
    private final String model;
    private final List<String> logMessages;

    DeviceKind(String wireName, String model, List<String> logMessages) {
        this.wireName = wireName;
        this.model = model;
        this.logMessages = logMessages;
    }

    public String wireName() { return wireName; }

    public String model() { return model; }

    /** The configuration a new device of this kind starts with (a fresh copy each call). */
    abstract JsonObject factoryConfig();

    /** Kind-specific readings for {@code diag.read}. */
    abstract JsonObject diagnostics();

    /** The n-th log message of this kind (cycles). */
    String logMessage(int n) {
        return logMessages.get(n % logMessages.size());
    }

    private static String tagJson(DataClass dataClass, String value) {
        return Sensitive.tag(dataClass, value).encode();
    }
}
