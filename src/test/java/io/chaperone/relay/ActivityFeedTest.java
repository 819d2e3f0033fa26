package io.chaperone.relay;

import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.Tokens;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.ORIGIN;
import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The resident's live feed: every committed event of their home, in order, and nobody else's. */
@QuarkusTest
class ActivityFeedTest {

    @Inject
    RelayWorld world;
    @Inject
    Tokens tokens;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    private WsClient watch(Home home, String token) {
        return world.open("/ws/homes/" + home.homeId() + "/activity",
                Map.of("Origin", ORIGIN, "Authorization", "Bearer " + token));
    }

    @Test
    void shouldStreamTheRequestTheApprovalAndEachCommandOfTheHomeInCommitOrder() {
        Home home = world.home(List.of("diag.read"), 600);
        WsClient feed = watch(home, world.residentToken(home));

        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        technician.sendCommand("c-1", "thermostat-1", "diag.read");
        technician.awaitReply("result", "c-1");

        feed.await(f -> "activity".equals(f.getString("type")) && "result".equals(f.getJsonObject("event").getString("kind")));
        assertThat(feed.frames("approval.requested")).singleElement()
                .satisfies(f -> assertThat(f.getString("sessionId")).isEqualTo(sid.toString()));
        List<String> kinds = feed.frames("activity").stream().map(f -> f.getJsonObject("event"))
                .filter(e -> sid.toString().equals(e.getString("chainId"))).map(e -> e.getString("kind")).toList();
        assertThat(kinds).containsExactly("session.requested", "session.approved", "consent.receipt", "ticket.issued", "ticket.used",
                "session.activated", "command", "result");
        List<Long> seqs = feed.frames("activity").stream().map(f -> f.getJsonObject("event"))
                .filter(e -> sid.toString().equals(e.getString("chainId"))).map(e -> e.getLong("seq")).toList();
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void shouldRefuseAnotherResidentsHomeAMissingOriginAndNoToken() {
        Home home = world.home(List.of("diag.read"), 600);
        String stranger = tokens.residentAuthenticatedAt(Tokens.unique("stranger"), java.time.Instant.now(), true);
        given().auth().oauth2(stranger).get("/api/v1/me").then().statusCode(200);

        assertThat(refusal(home, Map.of("Origin", ORIGIN, "Authorization", "Bearer " + stranger))).isEqualTo(404);
        assertThat(refusal(home, Map.of("Authorization", "Bearer " + world.residentToken(home)))).isEqualTo(403);
        assertThat(refusal(home, Map.of("Origin", ORIGIN))).isEqualTo(401);
    }

    @Test
    void shouldAnswerFramesSentToTheReadOnlyFeedWithAnError() {
        Home home = world.home(List.of("diag.read"), 600);
        WsClient feed = watch(home, world.residentToken(home));

        feed.send(new JsonObject().put("type", "cmd").put("id", "c-1"));

        assertThat(feed.await(f -> "error".equals(f.getString("type"))).getString("code")).isEqualTo("read_only");
        given().auth().oauth2(world.residentToken(home)).contentType(ContentType.JSON).get("/api/v1/homes")
                .then().statusCode(200);
    }

    private int refusal(Home home, Map<String, String> headers) {
        try {
            world.open("/ws/homes/" + home.homeId() + "/activity", headers);
        } catch (WsClient.Refused refused) {
            return refused.status();
        }
        throw new AssertionError("the upgrade was accepted");
    }
}
