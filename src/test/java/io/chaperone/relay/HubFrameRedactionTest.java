package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hub output on its way to the technician (and the audit): keyed markers per session, every field a hub frame
 * carries redacted or dropped, and the template's redaction defaults in force.
 */
@QuarkusTest
class HubFrameRedactionTest {

    private static final String SECRET_TAG = "{\"$sensitive\":\"secret\",\"value\":\"4821\"}";

    @Inject
    RelayWorld world;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private Home home() {
        return world.home(List.of("diag.read", "config.read"), 600);
    }

    private UUID configReadOn(Home home, String device, List<String> reveal) {
        return world.approvedSession(home, List.of(grant(List.of(device), List.of("config.read"))), reveal);
    }

    private WsClient technician(Home home, UUID sid) {
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        return technician;
    }

    private static String keypadMarker(WsClient technician, String commandId) {
        technician.sendCommand(commandId, "lock-1", "config.read");
        JsonObject result = technician.awaitReply("result", commandId);
        return result.getJsonObject("data").getJsonObject("keypadCode").getString("hash");
    }

    @Test
    void shouldNotLetTheTechnicianBruteForceTheKeypadCodeFromItsMarker() throws Exception {
        Home home = home();
        WsClient technician = technician(home, configReadOn(home, "lock-1", List.of()));

        String marker = keypadMarker(technician, "c-1");

        assertThat(marker).startsWith("hmac-sha256:");
        String digest = marker.substring(marker.indexOf(':') + 1);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int code = 0; code <= 9999; code++) {
            String guess = String.format("%04d", code);
            for (String candidate : List.of(guess, "\"" + guess + "\"")) {
                assertThat(HexFormat.of().formatHex(sha256.digest(candidate.getBytes(StandardCharsets.UTF_8))))
                        .isNotEqualTo(digest);
            }
        }
    }

    @Test
    void shouldMarkTheSameValueDifferentlyInTwoSessionsAndAlikeAcrossReconnects() {
        Home home = home();
        UUID first = configReadOn(home, "lock-1", List.of());
        WsClient technician = technician(home, first);
        String firstMarker = keypadMarker(technician, "c-1");
        technician.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> "approved".equals(world.sessionState(first)));

        String reconnected = keypadMarker(technician(home, first), "c-2");
        Home other = home();
        String otherSession = keypadMarker(technician(other, configReadOn(other, "lock-1", List.of())), "c-1");

        assertThat(reconnected).as("the key derives from the session's stored key material").isEqualTo(firstMarker);
        assertThat(otherSession).isNotEqualTo(firstMarker);
    }

    @Test
    void shouldKeepAClassTheTemplateRedactsHiddenEvenWhenTheResidentRevealsIt() {
        Home home = home(); // the world's template redacts secret, network and media by default
        UUID sid = configReadOn(home, "wifi-1", List.of("secret", "network"));
        WsClient technician = technician(home, sid);

        technician.sendCommand("c-wifi", "wifi-1", "config.read");

        JsonObject data = technician.awaitReply("result", "c-wifi").getJsonObject("data");
        assertThat(data.getJsonObject("psk").getString("$redacted")).isEqualTo("secret");
        assertThat(data.getJsonArray("clients").getJsonObject(0).getString("$redacted")).isEqualTo("network");
        assertThat(data.encode()).doesNotContain("correct-horse-battery").doesNotContain("3c:22:fb");
        List<String> reveal = given().auth().oauth2(world.residentToken(home)).get("/api/v1/sessions/{id}", sid)
                .then().statusCode(200).extract().path("reveal");
        assertThat(reveal).isEmpty();
    }

    @Test
    void shouldRedactEveryContentFieldOfAResultAndDropTheRest() {
        Home home = home();
        UUID sid = configReadOn(home, "thermostat-1", List.of());
        WsClient technician = technician(home, sid);
        home.hub().pause(); // the hub's own answer must not win: this test answers for it
        technician.sendCommand("c-1", "thermostat-1", "config.read");
        JsonObject forged = new JsonObject().put("type", "result").put("sid", sid.toString()).put("id", "c-1")
                .put("ok", false)
                .put("data", new JsonObject(("{\"pin\":" + SECRET_TAG + "}")))
                .put("configChange", new JsonObject("{\"before\":" + SECRET_TAG + ",\"after\":{\"pin\":" + SECRET_TAG + "}}"))
                .put("error", new JsonObject("{\"code\":\"locked\",\"message\":" + SECRET_TAG + "}"))
                .put("note", new JsonObject(SECRET_TAG)).put("debug", "4821");

        JsonObject result = answered(home, technician, forged);

        assertThat(result.fieldNames()).containsExactlyInAnyOrder("type", "id", "ok", "data", "configChange", "error");
        assertThat(result.getJsonObject("data").getJsonObject("pin").getString("$redacted")).isEqualTo("secret");
        assertThat(result.getJsonObject("configChange").getJsonObject("before").getString("$redacted")).isEqualTo("secret");
        assertThat(result.getJsonObject("error").getJsonObject("message").getString("$redacted")).isEqualTo("secret");
        assertThat(result.getJsonObject("error").getString("code")).isEqualTo("locked");
        assertThat(result.encode()).doesNotContain("4821").doesNotContain("$sensitive");
        await().atMost(Duration.ofSeconds(5)).until(() -> world.auditRows(sid, "result", "c-1") == 1);
    }

    @Test
    void shouldRedactAnOutputChunkAndDropItsOtherFields() {
        Home home = world.home(List.of("logs.read"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("lock-1"), List.of("logs.read"))), List.of());
        WsClient technician = technician(home, sid);
        home.hub().pause();
        technician.sendCommand("c-log", "lock-1", "logs.read");
        JsonObject forged = new JsonObject().put("type", "output").put("sid", sid.toString()).put("id", "c-log")
                .put("chunk", "{\"at\":1}\n{\"code\":" + SECRET_TAG + "}\n").put("meta", new JsonObject(SECRET_TAG));

        JsonObject output = answered(home, technician, forged);

        assertThat(output.fieldNames()).containsExactlyInAnyOrder("type", "id", "chunk");
        assertThat(output.getString("chunk")).startsWith("{\"at\":1}\n{\"code\":{\"$redacted\":\"secret\",\"hash\":\"hmac-sha256:");
        assertThat(output.encode()).doesNotContain("4821");
    }

    @Test
    void shouldRefuseDeviceMetadataThatCarriesATag() {
        Home home = home();
        UUID sid = configReadOn(home, "thermostat-1", List.of());
        WsClient technician = technician(home, sid);

        home.hub().send(new JsonObject().put("type", "event").put("device", "thermostat-1").put("status", SECRET_TAG));
        home.hub().send(new JsonObject().put("type", "inventory").put("devices", List.of(new JsonObject()
                .put("id", "thermostat-1").put("kind", "thermostat").put("model", SECRET_TAG).put("status", "ok"))));

        await().atMost(Duration.ofSeconds(5)).until(() -> home.hub().agent().receivedFrames().stream()
                .filter(f -> "error".equals(f.getString("type")) && "invalid_field".equals(f.getString("code"))).count() == 2);
        technician.sendCommand("c-after", "thermostat-1", "config.read");
        technician.awaitReply("result", "c-after");
        assertThat(technician.frames()).noneMatch(f -> f.encode().contains("4821"));
        assertThat(world.count("SELECT count(*) FROM devices WHERE hub_id = $1 AND model LIKE '%4821%'", home.hubId()))
                .isZero();
    }

    /** Sends the hub's forged answer until the gateway has the command in flight and relays it; the relayed frame. */
    private static JsonObject answered(Home home, WsClient technician, JsonObject forged) {
        String type = forged.getString("type");
        String id = forged.getString("id");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            home.hub().send(forged);
            return !technician.frames(type).isEmpty();
        });
        home.hub().resume();
        return technician.awaitReply(type, id);
    }
}
