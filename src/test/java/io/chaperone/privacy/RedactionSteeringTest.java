package io.chaperone.privacy;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.Tokens;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The resident sees and steers redaction of a live session: the pattern net masks a Wi-Fi passphrase a hub logged
 * untagged, the ledger counts it (class, place, rule; never the value), and revealing a class (step-up) or hiding
 * it (none) holds from the very next frame and is audited.
 */
@QuarkusTest
class RedactionSteeringTest {

    private static final String PASSPHRASE = "correct-horse-battery";

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldMaskAnUntaggedWifiKeyCountItAndRevealAndHideAClassFromTheNextFrame() {
        Home home = world.home(List.of("logs.read"), 600, List.of("secret"));
        UUID sid = world.approvedSession(home, List.of(grant(List.of("wifi-1"), List.of("logs.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        String before = logs(technician, "c-1");
        assertThat(before).doesNotContain(PASSPHRASE, "192.168.1.1", "3c:22:fb:01:02:03")
                .contains("wpa_passphrase=[redacted:secret#", "gw [redacted:network#");
        given().auth().oauth2(world.residentToken(home)).get("/api/v1/sessions/{id}/redactions", sid)
                .then().statusCode(200).body("total", equalTo(5)).body("revealed", equalTo(List.of()));
        assertThat(ledger(home, sid)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "network/output.chunk/tagged", 3, "network/output.chunk/pattern", 1, "secret/output.chunk/pattern", 1));

        // Revealing needs a fresh second-factor login; with one it holds for the very next frame.
        String staleLogin = tokens.residentAuthenticatedAt(home.resident(), Instant.now().minus(Duration.ofHours(1)), true);
        change(staleLogin, sid, "reveal", "network").statusCode(401).body("code", equalTo("step_up_required"));
        change(world.residentToken(home), sid, "reveal", "network").statusCode(200)
                .body("revealed", equalTo(List.of("network")));
        String revealed = logs(technician, "c-2");
        assertThat(revealed).contains("gw 192.168.1.1", "3c:22:fb:01:02:03", "wpa_passphrase=[redacted:secret#")
                .doesNotContain(PASSPHRASE);

        // Hiding needs no step-up (making it safer always works), and holds for the next frame too.
        change(staleLogin, sid, "hide", "network").statusCode(200).body("revealed", equalTo(List.of()));
        assertThat(logs(technician, "c-3")).doesNotContain("192.168.1.1", "3c:22:fb:01:02:03", PASSPHRASE);

        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'data_class.revealed'"
                + " AND actor = $2", sid, home.resident())).isEqualTo(1);
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'data_class.hidden'",
                sid)).isEqualTo(1);
        assertThat(ledger(home, sid)).containsEntry("secret/output.chunk/pattern", 3)
                .containsEntry("network/output.chunk/tagged", 6).containsEntry("network/output.chunk/pattern", 2);
        assertThat(world.sessionState(sid)).isEqualTo("active");
        // A class the template always redacts cannot be revealed, step-up or not.
        change(world.residentToken(home), sid, "reveal", "secret").statusCode(409)
                .body("code", equalTo("redacted_by_template"));
    }

    @Test
    void shouldRefuseAnUnknownClassAndShowTheLedgerToNobodyElse() {
        Home home = world.home(List.of("logs.read"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("wifi-1"), List.of("logs.read"))), List.of());

        change(world.residentToken(home), sid, "reveal", "passwords").statusCode(400)
                .body("code", equalTo("unknown_data_class"));
        given().auth().oauth2(tokens.resident(Tokens.unique("stranger"))).get("/api/v1/sessions/{id}/redactions", sid)
                .then().statusCode(404);
        given().auth().oauth2(world.technicianToken(home)).get("/api/v1/sessions/{id}/redactions", sid)
                .then().statusCode(404);
        change(world.technicianToken(home), sid, "hide", "network").statusCode(404);
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind LIKE 'data_class.%'",
                sid)).isZero();
    }

    private static String logs(WsClient technician, String id) {
        technician.sendCommand(id, "wifi-1", "logs.read");
        technician.awaitReply("result", id);
        return technician.frames("output").stream().filter(f -> id.equals(f.getString("id")))
                .map(f -> f.getString("chunk")).collect(Collectors.joining());
    }

    private Map<String, Integer> ledger(Home home, UUID sid) {
        List<Map<String, Object>> entries = given().auth().oauth2(world.residentToken(home))
                .get("/api/v1/sessions/{id}/redactions", sid).then().statusCode(200).extract().path("entries");
        return entries.stream().collect(Collectors.toMap(
                e -> e.get("dataClass") + "/" + e.get("place") + "/" + e.get("rule"), e -> (Integer) e.get("count")));
    }

    private static io.restassured.response.ValidatableResponse change(String token, UUID sid, String how, String dataClass) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("dataClass", dataClass))
                .post("/api/v1/sessions/{id}/redactions/" + how, sid).then();
    }
}
