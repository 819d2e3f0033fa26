package io.chaperone.relay;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditSealer;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** A forwarded command's C1 row keeps its arguments, redacted like hub data and sealed like every detail. */
@QuarkusTest
class CommandAuditTest {

    private static final String PIN = "4711";

    @Inject
    RelayWorld world;
    @Inject
    AuditSealer sealer;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldAuditTheArgumentsOfAConfigWriteWithATaggedSecretRedacted() {
        // Given a live session that may write the thermostat's configuration, no data class revealed
        Home home = home();
        UUID sid = liveSession(home);
        WsClient technician = technician(home, sid);

        // When the technician writes a setpoint and a tagged secret
        JsonObject args = new JsonObject().put("setpoint", 19.5)
                .put("servicePin", new JsonObject().put("$sensitive", "secret").put("value", PIN));
        technician.send(new JsonObject().put("type", "cmd").put("id", "c-write").put("device", "thermostat-1")
                .put("op", "config.write").put("args", args));
        technician.awaitReply("result", "c-write");

        // Then the hub got the arguments as sent, and the resident reads them back from the audit, the secret redacted
        assertThat(home.hub().agent().receivedCommands()).singleElement()
                .satisfies(cmd -> assertThat(cmd.getJsonObject("args")).isEqualTo(args));
        given().auth().oauth2(world.residentToken(home)).when().get("/api/v1/sessions/{id}/audit?kind=command", sid)
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("events[0].correlationId", equalTo("c-write"))
                .body("events[0].op", equalTo("config.write"))
                .body("events[0].detail.args.setpoint", equalTo(19.5f))
                .body("events[0].detail.args.servicePin.$redacted", equalTo("secret"))
                .body(not(containsString(PIN)));
        // and the row is sealed under the session's key, not stored in clear
        assertThat(world.count("SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'command' "
                + "AND detail LIKE 'enc:v1:s-%' AND detail NOT LIKE '%setpoint%'", sid)).isEqualTo(1);
    }

    @Test
    void shouldSealTheCommandDetailOfALiveSessionFromCachedKeysWithoutADatabaseCall() {
        // Given a live session (its key was made when its first record was written)
        Home home = home();
        UUID sid = liveSession(home);
        technician(home, sid);

        // When a command's record is sealed the way the frame path hands it to the writer
        AuditRecord command = new AuditRecord(sid, home.homeId(), Instant.now(), home.technician(), AuditKind.COMMAND,
                "thermostat-1", "config.write", "allowed", "c-1", "{\"args\":{\"setpoint\":19.5}}");

        // Then it is sealed at once from cached keys: no read, no statement on the frame's event loop or the writer's
        assertThat(sealer.sealNow(List.of(command))).hasValueSatisfying(details ->
                assertThat(details).singleElement().satisfies(d -> assertThat(d).startsWith("enc:v1:s-" + sid + ":")));
    }

    private Home home() {
        return world.home(List.of("config.write"), 600);
    }

    private UUID liveSession(Home home) {
        return world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("config.write"))), List.of());
    }

    /** The technician's socket, once the session is live. */
    private WsClient technician(Home home, UUID sid) {
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        return technician;
    }
}
