package io.chaperone.privacy;

import io.chaperone.consent.ConsentFixture;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.chaperone.privacy.PrivacyWorld.get;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Audit details are stored encrypted; the resident and the technician read them, ops see metadata only. */
@QuarkusTest
class SessionAuditReadTest {

    @Inject
    PrivacyWorld privacy;
    @Inject
    AuditDetails details;
    @Inject
    Tokens tokens;

    @Test
    void shouldStoreDetailsAsCiphertextUnderTheSessionKey() {
        // Given
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);

        // When
        long seq = privacy.command(world, session);

        // Then every stored detail of the session is sealed under its session key, nothing in clear
        String prefix = "enc:v1:s-" + session + ":";
        int rows = 0;
        for (Row row : privacy.rows("SELECT seq, detail FROM audit_events WHERE chain_id = $1 AND kind <> 'consent.receipt' "
                + "ORDER BY seq", Tuple.of(session))) {
            rows++;
            String detail = row.getString("detail");
            assertTrue(detail.startsWith(prefix), "seq " + row.getLong("seq") + " is not sealed: " + detail);
            assertFalse(detail.contains("setpoint") || detail.contains("Alice"), detail);
        }
        assertEquals(3, rows); // requested, approved, command (the approval's consent.receipt holds a hash, in clear)
        assertEquals(4L, seq);
        Row key = privacy.rows("SELECT home_id, wrapped_key, shredded_at FROM session_keys WHERE session_id = $1",
                Tuple.of(session)).iterator().next();
        assertEquals(world.homeId(), key.getUUID("home_id"));
        assertEquals(60, key.getBuffer("wrapped_key").length()); // 12 IV + 32 key + 16 tag
        assertEquals(null, key.getValue("shredded_at"));
    }

    @Test
    void shouldShowTheResidentAndTheTechnicianTheDecryptedDetail() {
        // Given
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        privacy.command(world, session);

        for (String token : List.of(privacy.resident(world), privacy.technician(world))) {
            // When
            get(token, "/api/v1/sessions/" + session + "/audit?kind=command").statusCode(200)
                    // Then
                    .body("sessionId", equalTo(session.toString()))
                    .body("total", equalTo(1))
                    .body("events[0].seq", equalTo(4))
                    .body("events[0].kind", equalTo("command"))
                    .body("events[0].device", equalTo("thermostat-1"))
                    .body("events[0].detail.args.setpoint", equalTo(21))
                    .body("events[0].detail.args.owner", equalTo("Alice Martin"));
        }
        get(privacy.resident(world), "/api/v1/sessions/" + session + "/audit").statusCode(200)
                .body("total", equalTo(4))
                .body("events.kind", equalTo(List.of("session.requested", "session.approved", "consent.receipt", "command")))
                .body("events[1].detail.to", equalTo("approved"));
    }

    @Test
    void shouldShowOpsMetadataWithoutDetail() {
        // Given
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        privacy.command(world, session);

        // When
        get(tokens.ops(Tokens.unique("ops")), "/api/v1/sessions/" + session + "/audit?device=thermostat-1")
                .statusCode(200)
                // Then
                .body("total", equalTo(1))
                .body("events[0].kind", equalTo("command"))
                .body("events[0].op", equalTo("config.write"))
                .body("events[0]", not(hasKey("detail")));
    }

    @Test
    void shouldAnswerNotFoundToAnotherResidentAndAnotherTechnician() {
        // Given
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        ConsentFixture.World other = privacy.world();

        // When / Then
        get(privacy.resident(other), "/api/v1/sessions/" + session + "/audit").statusCode(404)
                .body("code", equalTo("not_found"));
        get(privacy.technician(other), "/api/v1/sessions/" + session + "/audit").statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void shouldPageAtMostTwoHundredAndRefuseUnknownKinds() {
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        String path = "/api/v1/sessions/" + session + "/audit";

        get(privacy.resident(world), path + "?size=200&page=1").statusCode(200)
                .body("page", equalTo(1)).body("size", equalTo(200)).body("total", equalTo(3))
                .body("events.size()", equalTo(0));
        get(privacy.resident(world), path + "?size=1&page=1").statusCode(200)
                .body("events.size()", equalTo(1)).body("events[0].kind", equalTo("session.approved"));
        get(privacy.resident(world), path + "?size=201").statusCode(400).body("code", equalTo("invalid_page"));
        get(privacy.resident(world), path + "?page=-1").statusCode(400).body("code", equalTo("invalid_page"));
        get(privacy.resident(world), path + "?kind=nonsense").statusCode(400).body("code", equalTo("unknown_kind"));
    }

    @Test
    void shouldNotOpenACiphertextMovedToAnotherChainOrKind() {
        // Given the sealed detail of a command
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        long seq = privacy.command(world, session);
        String sealed = privacy.rows("SELECT detail FROM audit_events WHERE chain_id = $1 AND seq = $2",
                Tuple.of(session, seq)).iterator().next().getString(0);
        UUID otherSession = privacy.approvedSession(world);

        // When it is opened as the detail of another chain's row, of another kind, and of its own row
        var opened = details.open(List.of(
                new AuditDetails.Stored(otherSession, "command", sealed),
                new AuditDetails.Stored(session, "result", sealed),
                new AuditDetails.Stored(session, "command", sealed))).await().atMost(PrivacyWorld.WAIT);

        // Then only its own row opens it
        assertEquals(AuditDetails.State.UNREADABLE, opened.get(0).state());
        assertEquals(AuditDetails.State.UNREADABLE, opened.get(1).state());
        assertEquals(new AuditDetails.Opened(AuditDetails.State.CLEAR, PrivacyWorld.COMMAND_DETAIL), opened.get(2));
    }

    @Test
    void shouldSealHubEventsUnderTheHomeKey() {
        // Given
        var world = privacy.world();

        // When
        privacy.hubEvent(world);

        // Then
        String detail = privacy.rows("SELECT detail FROM audit_events WHERE chain_id = $1", Tuple.of(world.hubId()))
                .iterator().next().getString(0);
        assertTrue(detail.startsWith("enc:v1:h-" + world.homeId() + ":"), detail);
        var opened = details.open(List.of(new AuditDetails.Stored(world.hubId(), "hub.connected", detail)))
                .await().atMost(PrivacyWorld.WAIT);
        assertEquals("{\"ip\":\"192.0.2.7\"}", opened.getFirst().json());
        assertEquals(1, privacy.rows("SELECT 1 FROM home_data_keys WHERE home_id = $1 AND wrapped_key IS NOT NULL "
                + "AND destroyed_at IS NULL", Tuple.of(world.homeId())).size());
    }

    /** No write method exists on the audit path (404 or 405 depending on the router), and the rows stay. */
    @Test
    void shouldOfferNoWayToChangeAnEvent() {
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        String path = "/api/v1/sessions/" + session + "/audit";

        io.restassured.RestAssured.given().auth().oauth2(privacy.resident(world)).contentType("application/json")
                .body("{}").when().post(path).then().statusCode(anyOf(equalTo(404), equalTo(405)));
        io.restassured.RestAssured.given().auth().oauth2(privacy.resident(world)).when().delete(path)
                .then().statusCode(anyOf(equalTo(404), equalTo(405)));
        get(privacy.resident(world), path).statusCode(200).body("total", equalTo(3))
                .body("events[0].detail", not(nullValue()));
    }
}
