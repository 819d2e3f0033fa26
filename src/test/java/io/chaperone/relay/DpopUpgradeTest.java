package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.DpopKey;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The technician's upgrade with a key-bound connect ticket: the DPoP proof comes as a {@code DPoP} header
 * or, from a browser, as a {@code dpop.<proof>} subprotocol; without a valid one the upgrade is refused
 * with 401 and a {@code WWW-Authenticate: DPoP} challenge naming the code, and the ticket stays unspent.
 */
@QuarkusTest
class DpopUpgradeTest {

    @Inject
    RelayWorld world;

    private final DpopKey key = DpopKey.ec();
    private Home home;
    private UUID sid;

    @BeforeEach
    void session() {
        home = world.home(List.of("diag.read"), 600);
        sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
    }

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldOpenWithABoundTicketAndItsProofInTheDpopHeaderAndForwardACommand() {
        String ticket = given().auth().oauth2(world.technicianToken(home)).contentType(ContentType.JSON)
                .body(Map.of("keyThumbprint", key.thumbprint())).post("/api/v1/sessions/{id}/tickets", sid)
                .then().statusCode(201).extract().path("ticket");

        WsClient technician = world.open(socketPath(), headers(ticket, key.proof("GET", socketUrl(), ticket)));

        technician.await(f -> "session".equals(f.getString("type")));
        technician.sendCommand("c-1", "thermostat-1", "diag.read");
        assertThat(technician.awaitReply("result", "c-1").getBoolean("ok")).isTrue();
        assertThat(home.hub().agent().receivedCommands()).hasSize(1);
        assertThat(technician.frames("denied")).isEmpty();
    }

    @Test
    void shouldOpenFromABrowserWithTheProofAsASubprotocol() {
        String ticket = boundTicket(key);
        String carrier = URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + ticket, StandardCharsets.UTF_8)
                .replace("+", "%20");

        WsClient browser = world.open(socketPath(), Map.of("Origin", ORIGIN, "Sec-WebSocket-Protocol",
                "bearer-token-carrier, " + carrier + ", dpop." + key.proof("GET", socketUrl(), ticket)));

        assertThat(browser.await(f -> "session".equals(f.getString("type"))).getString("sid")).isEqualTo(sid.toString());
    }

    @Test
    void shouldRefuseABoundTicketWithoutAProofAndLeaveItUnspent() {
        String ticket = boundTicket(key);

        WsClient.Refused refused = refusal(Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.challenge()).isEqualTo("DPoP error=\"invalid_dpop_proof\", algs=\"ES256 EdDSA\", "
                + "error_description=\"dpop_proof_required\"");
        assertThat(world.sessionState(sid)).isEqualTo("approved");
        WsClient technician = world.open(socketPath(), headers(ticket, key.proof("GET", socketUrl(), ticket)));
        technician.await(f -> "session".equals(f.getString("type")));
    }

    @Test
    void shouldRefuseAProofSignedByAnotherKey() {
        String ticket = boundTicket(key);

        assertThat(refusedCode(headers(ticket, DpopKey.ec().proof("GET", socketUrl(), ticket))))
                .isEqualTo("ticket_key_mismatch");
    }

    @Test
    void shouldRefuseAProofForAnotherMethodUrlOrTicketOrOutsideTheWindow() {
        String ticket = boundTicket(key);
        String otherTicket = boundTicket(key);
        String stale = key.sign(key.header(), DpopKey.claims("GET", socketUrl(), Instant.now().minusSeconds(62),
                UUID.randomUUID().toString(), ticket));

        assertThat(refusedCode(headers(ticket, key.proof("POST", socketUrl(), ticket)))).isEqualTo("dpop_proof_wrong_target");
        assertThat(refusedCode(headers(ticket, key.proof("GET", socketUrl() + "x", ticket)))).isEqualTo("dpop_proof_wrong_target");
        assertThat(refusedCode(headers(ticket, key.proof("GET", socketUrl(), otherTicket)))).isEqualTo("dpop_proof_wrong_ticket");
        assertThat(refusedCode(headers(ticket, stale))).isEqualTo("dpop_proof_stale");
        assertThat(world.sessionState(sid)).isEqualTo("approved");
    }

    @Test
    void shouldRefuseAReplayedProof() {
        String ticket = boundTicket(key);
        String proof = key.proof("GET", socketUrl(), ticket);
        WsClient first = world.open(socketPath(), headers(ticket, proof));
        first.await(f -> "session".equals(f.getString("type")));
        first.close();
        await().until(() -> "approved".equals(world.sessionState(sid)));

        assertThat(refusedCode(headers(ticket, proof))).isEqualTo("dpop_proof_replayed");
    }

    @Test
    void shouldRefuseTwoProofs() {
        String ticket = boundTicket(key);
        String carrier = URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + ticket, StandardCharsets.UTF_8)
                .replace("+", "%20");
        Map<String, String> headers = new LinkedHashMap<>(headers(ticket, key.proof("GET", socketUrl(), ticket)));
        headers.put("Sec-WebSocket-Protocol", "bearer-token-carrier, " + carrier + ", dpop."
                + key.proof("GET", socketUrl(), ticket));

        assertThat(refusedCode(headers)).isEqualTo("dpop_proof_invalid");
    }

    /** Mints a ticket the RFC 9449 way: the mint request carries a proof by the client's key. */
    private String boundTicket(DpopKey client) {
        String mintUrl = "http://localhost:" + RestAssured.port + "/api/v1/sessions/" + sid + "/tickets";
        String ticket = given().auth().oauth2(world.technicianToken(home)).header("DPoP", client.proof("POST", mintUrl, null))
                .post("/api/v1/sessions/{id}/tickets", sid).then().statusCode(201).extract().path("ticket");
        assertThat(world.count("SELECT count(*) FROM connect_tickets WHERE session_id = $1 AND key_thumbprint = $2",
                sid, client.thumbprint())).as("bound to the proof's key").isPositive();
        return ticket;
    }

    private String socketPath() {
        return "/ws/sessions/" + sid;
    }

    /** The URL the gateway sees for the upgrade ({@link WsClient} connects to 127.0.0.1). */
    private String socketUrl() {
        return "http://127.0.0.1:" + RestAssured.port + socketPath();
    }

    private static Map<String, String> headers(String ticket, String proof) {
        return Map.of("Origin", ORIGIN, "Authorization", "Bearer " + ticket, "DPoP", proof);
    }

    private WsClient.Refused refusal(Map<String, String> headers) {
        try {
            world.open(socketPath(), headers);
        } catch (WsClient.Refused refused) {
            return refused;
        }
        throw new AssertionError("the upgrade was accepted");
    }

    /** The stable code of a 401 refusal, from its challenge. */
    private String refusedCode(Map<String, String> headers) {
        WsClient.Refused refused = refusal(headers);
        assertThat(refused.status()).isEqualTo(401);
        String challenge = refused.challenge();
        return challenge.substring(challenge.indexOf("error_description=\"") + 19, challenge.length() - 1);
    }
}
