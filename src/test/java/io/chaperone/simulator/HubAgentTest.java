package io.chaperone.simulator;

import io.chaperone.support.MutableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubAgentTest {

    private final MutableClock clock = new MutableClock();
    private HubAgent agent;

    @BeforeEach
    void setUp() {
        clock.pin(Instant.parse("2026-03-01T12:00:00Z"));
        agent = HubAgent.standardHome(clock);
        agent.onFrame(new JsonObject().put("type", "session.open").put("sid", "s-1").put("capability", "jwt"));
    }

    private static JsonObject cmd(String sid, String id, String device, String op, JsonObject args) {
        return new JsonObject().put("type", "cmd").put("sid", sid).put("id", id).put("seq", 1)
                .put("device", device).put("op", op).put("args", args);
    }

    private List<JsonObject> run(String device, String op, JsonObject args) {
        return agent.onFrame(cmd("s-1", "c-1", device, op, args));
    }

    @Test
    void shouldAnswerWelcomeWithInventoryOfAllDevices() {
        List<JsonObject> out = agent.onFrame(new JsonObject().put("type", "welcome").put("hubId", "h-9"));

        assertEquals(1, out.size());
        assertEquals("inventory", out.get(0).getString("type"));
        JsonArray devices = out.get(0).getJsonArray("devices");
        assertEquals(List.of("thermostat-1", "light-1", "camera-1", "lock-1", "wifi-1"),
                devices.stream().map(d -> ((JsonObject) d).getString("id")).toList());
        assertEquals(new JsonObject().put("id", "thermostat-1").put("kind", "thermostat").put("model", "Thermo T3")
                .put("firmware", "1.4.2").put("status", "ok"), devices.getJsonObject(0));
        assertEquals("h-9", agent.hubId().orElseThrow());
    }

    @Test
    void shouldReadThermostatConfig() {
        List<JsonObject> out = run("thermostat-1", "config.read", new JsonObject());

        assertEquals(List.of(new JsonObject().put("type", "result").put("sid", "s-1").put("id", "c-1").put("ok", true)
                .put("data", new JsonObject().put("setpoint", 21.5).put("mode", "heat"))), out);
    }

    @Test
    void shouldWriteConfigAndReportBeforeAndAfter() {
        List<JsonObject> out = run("thermostat-1", "config.write", new JsonObject().put("setpoint", 23));

        JsonObject result = out.get(0);
        assertEquals(1, out.size());
        assertTrue(result.getBoolean("ok"));
        assertEquals(new JsonObject().put("setpoint", 21.5).put("mode", "heat"),
                result.getJsonObject("configChange").getJsonObject("before"));
        assertEquals(new JsonObject().put("setpoint", 23).put("mode", "heat"),
                result.getJsonObject("configChange").getJsonObject("after"));
        assertEquals(23, agent.device("thermostat-1").orElseThrow().config().getInteger("setpoint"));
    }

    @Test
    void shouldRefuseConfigWriteOfUnknownKeyOrWrongTypeAndChangeNothing() {
        JsonObject unknown = run("thermostat-1", "config.write", new JsonObject().put("turbo", true)).get(0);
        JsonObject wrongType = run("thermostat-1", "config.write", new JsonObject().put("setpoint", "hot")).get(0);

        assertEquals("invalid_args", unknown.getJsonObject("error").getString("code"));
        assertFalse(unknown.getBoolean("ok"));
        assertEquals("invalid_args", wrongType.getJsonObject("error").getString("code"));
        assertEquals(21.5, agent.device("thermostat-1").orElseThrow().config().getDouble("setpoint"));
    }

    @Test
    void shouldTagWifiKeyAsSecretAndClientsAsNetwork() {
        JsonObject data = run("wifi-1", "config.read", new JsonObject()).get(0).getJsonObject("data");

        assertEquals("home-net", data.getString("ssid"));
        assertEquals(new JsonObject().put("$sensitive", "secret").put("value", "correct-horse-battery"),
                data.getJsonObject("psk"));
        assertEquals(new JsonObject().put("$sensitive", "network").put("value", "3c:22:fb:01:02:03"),
                data.getJsonArray("clients").getJsonObject(0));
    }

    @Test
    void shouldKeepWrittenSecretTagged() {
        JsonObject change = run("wifi-1", "config.write", new JsonObject().put("psk", "new-key-123")).get(0)
                .getJsonObject("configChange");

        assertEquals(new JsonObject().put("$sensitive", "secret").put("value", "new-key-123"),
                change.getJsonObject("after").getJsonObject("psk"));
    }

    @Test
    void shouldTagCameraStreamUrlAsMedia() {
        JsonObject data = run("camera-1", "config.read", new JsonObject()).get(0).getJsonObject("data");

        assertEquals("media", data.getJsonObject("streamUrl").getString("$sensitive"));
        assertTrue(data.getJsonObject("streamUrl").getString("value").startsWith("rtsp://"));
    }

    @Test
    void shouldStreamLogChunksThenResult() {
        List<JsonObject> out = run("lock-1", "logs.read", new JsonObject().put("lines", 5));

        assertEquals(List.of("output", "output", "output", "result"),
                out.stream().map(f -> f.getString("type")).toList());
        assertEquals(2, out.get(0).getString("chunk").lines().count());
        assertEquals(1, out.get(2).getString("chunk").lines().count());
        assertTrue(out.get(0).getString("chunk").contains("{\"$sensitive\":\"personal\",\"value\":\"Ann\"}"));
        assertEquals(new JsonObject().put("lines", 5).put("chunks", 3), out.get(3).getJsonObject("data"));
        out.forEach(f -> assertEquals("c-1", f.getString("id")));
    }

    @Test
    void shouldEmitRebootingThenOkAroundTheResult() {
        clock.advance(Duration.ofMinutes(10));

        List<JsonObject> out = run("light-1", "device.reboot", new JsonObject());

        assertEquals(List.of(HubAgent.event("light-1", "rebooting"), HubAgent.success("s-1", "c-1",
                new JsonObject().put("status", "rebooting")), HubAgent.event("light-1", "ok")), out);
        assertEquals(0L, run("light-1", "diag.read", new JsonObject()).get(0).getJsonObject("data")
                .getLong("uptimeSeconds"));
    }

    @Test
    void shouldReturnLatencyNumbersForNetTest() {
        JsonObject data = run("wifi-1", "net.test", new JsonObject().put("count", 3)).get(0).getJsonObject("data");

        JsonObject latency = data.getJsonObject("latencyMs");
        assertEquals(3, data.getInteger("samples"));
        assertTrue(latency.getDouble("min") >= 8 && latency.getDouble("max") <= 20, latency.encode());
        assertTrue(latency.getDouble("min") <= latency.getDouble("avg") && latency.getDouble("avg") <= latency.getDouble("max"));
    }

    @Test
    void shouldUpdateFirmwareSignedByItsVendorAndResendInventory() throws Exception {
        java.security.KeyPair vendor = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String model = agent.device("camera-1").orElseThrow().inventoryEntry().getString("model");
        agent.trustVendorKeys(java.util.Map.of(model, List.of(vendor.getPublic())));
        String sig = io.chaperone.trust.device.FirmwareSignature.sign(vendor.getPrivate(), "ab12", model, "2.0.0");

        List<JsonObject> out = run("camera-1", "firmware.update", new JsonObject().put("version", "2.0.0")
                .put("artifactSha256", "ab12").put("signature", sig));

        assertEquals("2.0.0", out.get(0).getJsonObject("data").getJsonObject("firmware").getString("after"));
        assertEquals("inventory", out.get(1).getString("type"));
        assertEquals("invalid_args", run("camera-1", "firmware.update", new JsonObject().put("version", "3"))
                .get(0).getJsonObject("error").getString("code"));
    }

    @Test
    void shouldRefuseAnUpdateItsVendorDidNotSignOrThatDowngrades() throws Exception {
        java.security.KeyPair vendor = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String model = agent.device("camera-1").orElseThrow().inventoryEntry().getString("model");
        String installed = agent.device("camera-1").orElseThrow().inventoryEntry().getString("firmware");
        agent.trustVendorKeys(java.util.Map.of(model, List.of(vendor.getPublic())));
        String forged = io.chaperone.trust.device.FirmwareSignature.sign(
                java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), "ab12", model, "9.0.0");
        String old = io.chaperone.trust.device.FirmwareSignature.sign(vendor.getPrivate(), "ab12", model, "0.0.1");

        assertEquals("update_signature_invalid", run("camera-1", "firmware.update", new JsonObject().put("version", "9.0.0")
                .put("artifactSha256", "ab12").put("signature", forged)).get(0).getJsonObject("error").getString("code"));
        assertEquals("update_downgrade", run("camera-1", "firmware.update", new JsonObject().put("version", "0.0.1")
                .put("artifactSha256", "ab12").put("signature", old)).get(0).getJsonObject("error").getString("code"));
        assertEquals(installed, agent.device("camera-1").orElseThrow().inventoryEntry().getString("firmware"));
    }

    @Test
    void shouldRefuseCommandsOutsideOpenSessionsAndUnknownDevices() {
        JsonObject noSession = agent.onFrame(cmd("s-2", "c-9", "light-1", "diag.read", new JsonObject())).get(0);
        JsonObject noDevice = run("garage-1", "diag.read", new JsonObject()).get(0);
        agent.onFrame(new JsonObject().put("type", "session.close").put("sid", "s-1").put("reason", "ended"));
        JsonObject closed = run("light-1", "diag.read", new JsonObject()).get(0);

        assertEquals("session_not_open", noSession.getJsonObject("error").getString("code"));
        assertEquals("device_unknown", noDevice.getJsonObject("error").getString("code"));
        assertEquals("session_not_open", closed.getJsonObject("error").getString("code"));
        assertEquals(3, agent.receivedCommands().size(), "every cmd is recorded, executed or not");
    }

    @Test
    void shouldRecordNothingButFramesForNonCommands() {
        agent.onFrame(new JsonObject().put("type", "error").put("code", "bad_frame"));

        assertEquals(0, agent.receivedCommands().size());
        assertEquals(2, agent.receivedFrames().size());
    }
}
