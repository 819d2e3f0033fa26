package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.Tokens;
import io.chaperone.support.WsClient;
import io.chaperone.trust.device.FirmwareSignature;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * firmware.update over the real relay: forwarded only with a vendor signature for the device's model and no
 * downgrade; everything else is denied before the audit and never reaches the hub (the simulator records it).
 */
@QuarkusTest
class SignedUpdateTest {

    private static final String THERMOSTAT = "Thermo T3";
    private static final String CAMERA = "Eye 2";
    private static final String ARTIFACT = "sha256:" + "ab".repeat(32);

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private static KeyPair vendorKeys() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyPair registeredVendor(String model) {
        KeyPair vendor = vendorKeys();
        given().auth().oauth2(tokens.ops(Tokens.unique("ops"))).contentType(ContentType.JSON)
                .body(Map.of("model", model, "publicKey", FirmwareSignature.raw(vendor.getPublic())))
                .post("/api/v1/ops/vendor-keys").then().statusCode(201);
        return vendor;
    }

    private record Live(Home home, UUID sid, WsClient technician) {
    }

    private Live session(KeyPair thermostatVendor) {
        Home home = world.home(List.of("firmware.update", "diag.read"), 600);
        home.hub().agent().trustVendorKeys(Map.of(THERMOSTAT, List.of(thermostatVendor.getPublic())));
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("firmware.update"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        return new Live(home, sid, technician);
    }

    private static JsonObject update(String id, String version, String signature) {
        JsonObject args = new JsonObject().put("artifactSha256", ARTIFACT).put("version", version);
        if (signature != null) {
            args.put("signature", signature);
        }
        return new JsonObject().put("type", "cmd").put("id", id).put("device", "thermostat-1").put("op", "firmware.update")
                .put("args", args);
    }

    private String deniedCode(Live live, JsonObject command) {
        live.technician().send(command);
        return live.technician().awaitReply("denied", command.getString("id")).getString("code");
    }

    private void assertNeverForwarded(Live live, String id) {
        // the denial's C2 row is group-committed after the denied frame went out: wait for it, then nothing else
        await().atMost(Duration.ofSeconds(10)).until(() -> world.auditRows(live.sid(), "command.denied", id) == 1);
        assertThat(live.home().hub().agent().receivedCommands()).isEmpty();
        assertThat(world.auditRows(live.sid(), "command", id)).isZero();
        assertThat(world.auditRows(live.sid(), "command.denied", id)).isEqualTo(1);
    }

    @Test
    void shouldForwardAVendorSignedUpgradeAndSeeTheNewFirmware() {
        KeyPair vendor = registeredVendor(THERMOSTAT);
        Live live = session(vendor);

        live.technician().send(update("u-1", "1.5.0", FirmwareSignature.sign(vendor.getPrivate(), ARTIFACT, THERMOSTAT, "1.5.0")));

        JsonObject result = live.technician().awaitReply("result", "u-1");
        assertThat(result.getBoolean("ok")).isTrue();
        assertThat(live.home().hub().agent().receivedCommands()).hasSize(1);
        assertThat(world.auditRows(live.sid(), "command", "u-1")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> world.count(
                "SELECT count(*) FROM devices WHERE hub_id = $1 AND device_id = 'thermostat-1' AND firmware = '1.5.0'",
                live.home().hubId()) == 1);
    }

    @Test
    void shouldDenyAnUnsignedUpdate() {
        Live live = session(registeredVendor(THERMOSTAT));

        assertThat(deniedCode(live, update("u-1", "1.5.0", null))).isEqualTo("update_unsigned");

        assertNeverForwarded(live, "u-1");
    }

    @Test
    void shouldDenyAnUpdateSignedByAKeyThatIsNotTheVendors() {
        Live live = session(registeredVendor(THERMOSTAT));
        String forged = FirmwareSignature.sign(vendorKeys().getPrivate(), ARTIFACT, THERMOSTAT, "1.5.0");

        assertThat(deniedCode(live, update("u-1", "1.5.0", forged))).isEqualTo("update_signature_invalid");

        assertNeverForwarded(live, "u-1");
    }

    @Test
    void shouldDenyFirmwareSignedForAnotherModel() {
        Live live = session(registeredVendor(THERMOSTAT));
        KeyPair cameraVendor = registeredVendor(CAMERA);
        String forCamera = FirmwareSignature.sign(cameraVendor.getPrivate(), ARTIFACT, CAMERA, "1.5.0");

        assertThat(deniedCode(live, update("u-1", "1.5.0", forCamera))).isEqualTo("update_wrong_model");

        assertNeverForwarded(live, "u-1");
    }

    @Test
    void shouldDenyAValidlySignedDowngrade() {
        KeyPair vendor = registeredVendor(THERMOSTAT);
        Live live = session(vendor);
        String older = FirmwareSignature.sign(vendor.getPrivate(), ARTIFACT, THERMOSTAT, "1.4.1");

        assertThat(deniedCode(live, update("u-1", "1.4.1", older))).isEqualTo("update_downgrade");

        assertNeverForwarded(live, "u-1");
    }

    @Test
    void shouldForwardAReinstallOfTheSameVersion() {
        KeyPair vendor = registeredVendor(THERMOSTAT);
        Live live = session(vendor);

        live.technician().send(update("u-1", "1.4.2", FirmwareSignature.sign(vendor.getPrivate(), ARTIFACT, THERMOSTAT, "1.4.2")));

        assertThat(live.technician().awaitReply("result", "u-1").getBoolean("ok")).isTrue();
    }
}
