package io.chaperone.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Erasure by crypto-shredding: content unreadable, keys gone, the erasure itself audited. */
@QuarkusTest
class HomeErasureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PrivacyWorld privacy;
    @Inject
    Tokens tokens;

    @Test
    void shouldDestroyTheKeysAndLeaveOnlyCiphertextAndTheErasureEvent() throws Exception {
        // Given a home whose session ended, with a command and a hub event
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        privacy.command(world, session);
        privacy.hubEvent(world);
        privacy.end(world, session);
        long rowsBefore = privacy.count(session);

        // When
        erase(privacy.resident(world), world.homeId()).statusCode(200)
                .body("homeId", equalTo(world.homeId().toString()))
                .body("auditSeq", equalTo(2))
                .body("sessionKeysShredded", equalTo(1));

        // Then the keys are gone
        Row homeKey = privacy.rows("SELECT wrapped_key, destroyed_at FROM home_data_keys WHERE home_id = $1",
                Tuple.of(world.homeId())).iterator().next();
        assertNull(homeKey.getValue("wrapped_key"));
        assertNotNull(homeKey.getValue("destroyed_at"));
        assertEquals(0, privacy.rows("SELECT 1 FROM session_keys WHERE home_id = $1 AND (wrapped_key IS NOT NULL "
                + "OR shredded_at IS NULL)", Tuple.of(world.homeId())).size());
        // the audit rows stay, and the erasure is an event of the home's chain
        assertEquals(rowsBefore, privacy.count(session));
        Row event = privacy.rows("SELECT seq, kind, actor, outcome, detail FROM audit_events WHERE chain_id = $1 "
                + "AND seq = 2", Tuple.of(world.homeId())).iterator().next();
        assertEquals("home.erased", event.getString("kind"));
        assertEquals(world.residentSubject(), event.getString("actor"));
        assertEquals("{\"sessions\":1,\"requestsDenied\":0}", event.getString("detail"));
        // non-audit personal texts are overwritten
        assertEquals("[erased]", privacy.rows("SELECT summary FROM support_tickets WHERE id = $1",
                Tuple.of(world.ticketId())).iterator().next().getString(0));
        assertEquals("[erased]", privacy.rows("SELECT name FROM homes WHERE id = $1", Tuple.of(world.homeId()))
                .iterator().next().getString(0));
        assertEquals("[erased]", privacy.rows("SELECT reason FROM support_sessions WHERE id = $1", Tuple.of(session))
                .iterator().next().getString(0));
        // the read API shows the content as erased
        PrivacyWorld.get(privacy.resident(world), "/api/v1/sessions/" + session + "/audit?kind=command")
                .statusCode(200).body("events[0].detail.erased", equalTo(true))
                .body("events[0].op", equalTo("config.write"));
        // the export has the ciphertext, no plaintext, and the erasure event
        JsonNode bundle = JSON.readTree(given().auth().oauth2(privacy.resident(world)).when()
                .get("/api/v1/homes/" + world.homeId() + "/export").then().statusCode(200).extract().asByteArray());
        for (JsonNode row : bundle.get("sessions").get(0).get("audit")) {
            if ("consent.receipt".equals(row.get("kind").asText())) {
                continue;   // an id and a hash in clear (docs/audit.md): nothing personal to erase
            }
            if (row.get("detail").isNull()) {
                // committed after the keys were destroyed (e.g. the session report, written asynchronously after the
                // end): stored with detail NULL, docs/privacy.md "Encryption of audit details"
                assertTrue(row.get("plaintext").isNull(), row.toString());
                continue;
            }
            assertTrue(row.get("detail").asText().startsWith("enc:v1:s-" + session), row.toString());
            assertTrue(row.get("plaintext").isNull(), row.toString());
        }
        JsonNode hubEvents = bundle.get("hubEvents");
        assertEquals(4, hubEvents.size());
        assertTrue(hubEvents.get(0).get("plaintext").isNull());
        assertEquals(List.of("home.erasure_requested", "home.erased", "home.exported"), List.of(
                hubEvents.get(1).get("kind").asText(), hubEvents.get(2).get("kind").asText(), hubEvents.get(3).get("kind").asText()));
        assertEquals(1, hubEvents.get(2).get("plaintext").get("sessions").asInt());
    }

    @Test
    void shouldLeaveNoPersonalDataInReceiptsExtensionsAndAccessReviews() throws Exception {
        // Given a home whose session was approved, extended with a reason, ended, and reviewed
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        String xid = PrivacyWorld.post(privacy.technician(world), "/api/v1/sessions/" + session + "/extensions",
                Map.of("minutes", 10, "reason", "upload the logs for Anna")).statusCode(201).extract().path("id");
        PrivacyWorld.post(privacy.resident(world), "/api/v1/sessions/" + session + "/extensions/" + xid + "/approve", null)
                .statusCode(200);
        privacy.end(world, session);
        PrivacyWorld.post(privacy.resident(world), "/api/v1/homes/" + world.homeId() + "/access-reviews", Map.of())
                .statusCode(201);
        List<String> hashes = new ArrayList<>();
        for (Row r : privacy.rows("SELECT hash, jws FROM consent_receipts WHERE home_id = $1 ORDER BY issued_at",
                Tuple.of(world.homeId()))) {
            hashes.add(r.getString(0));
            String payload = new String(java.util.Base64.getUrlDecoder().decode(r.getString(1).split("\\.")[1]),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(payload.contains(world.residentSubject()), "the receipt names its approver before erasure");
        }
        assertEquals(2, hashes.size());
        assertEquals(1, privacy.rows("SELECT 1 FROM access_reviews WHERE home_id = $1", Tuple.of(world.homeId())).size());

        // When
        erase(privacy.resident(world), world.homeId()).statusCode(200);

        // Then no receipt or review row of the home is left, the extension's reason is overwritten
        assertEquals(0, privacy.rows("SELECT 1 FROM consent_receipts WHERE home_id = $1", Tuple.of(world.homeId())).size());
        assertEquals(0, privacy.rows("SELECT 1 FROM access_reviews WHERE home_id = $1", Tuple.of(world.homeId())).size());
        List<String> reasons = new ArrayList<>();
        privacy.rows("SELECT reason FROM session_extensions WHERE session_id = $1", Tuple.of(session))
                .forEach(r -> reasons.add(r.getString(0)));
        assertEquals(List.of("[erased]"), reasons);
        // the chain still holds each receipt's hash (in clear, nothing personal), so a downloaded copy still verifies
        List<String> chained = new ArrayList<>();
        privacy.rows("SELECT detail::jsonb ->> 'receiptHash' FROM audit_events WHERE chain_id = $1 "
                + "AND kind = 'consent.receipt' ORDER BY seq", Tuple.of(session)).forEach(r -> chained.add(r.getString(0)));
        assertEquals(hashes, chained);
        // and the resident's API has nothing left to show
        PrivacyWorld.get(privacy.resident(world), "/api/v1/sessions/" + session + "/receipts").statusCode(200)
                .body("size()", equalTo(0));
        PrivacyWorld.get(privacy.resident(world), "/api/v1/homes/" + world.homeId() + "/access-reviews").statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void shouldRefuseWhileASessionIsApproved() {
        // Given
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        privacy.command(world, session);

        // When
        erase(privacy.resident(world), world.homeId()).statusCode(409).body("code", equalTo("sessions_open"));

        // Then nothing was destroyed; only the request is recorded
        assertEquals(1, privacy.count(world.homeId()));
        assertEquals("home.erasure_requested", privacy.rows("SELECT kind FROM audit_events WHERE chain_id = $1",
                Tuple.of(world.homeId())).iterator().next().getString(0));
        assertEquals(1, privacy.rows("SELECT 1 FROM session_keys WHERE session_id = $1 AND wrapped_key IS NOT NULL",
                Tuple.of(session)).size());
        PrivacyWorld.get(privacy.resident(world), "/api/v1/sessions/" + session + "/audit?kind=command")
                .statusCode(200).body("events[0].detail.args.setpoint", equalTo(21));
    }

    @Test
    void shouldDenyPendingRequestsAndRefuseAnyLaterRequestOrApproval() {
        // Given a home with a request the resident never answered
        var world = privacy.world();
        UUID pending = privacy.requestedSession(world);

        // When
        erase(privacy.resident(world), world.homeId()).statusCode(200).body("requestsDenied", equalTo(1));

        // Then the request is denied through the one transition path (audited), and nothing can run afterwards
        assertEquals("denied", state(pending));
        assertEquals(1, privacy.rows("SELECT 1 FROM audit_events WHERE chain_id = $1 AND kind = 'session.denied'",
                Tuple.of(pending)).size());
        PrivacyWorld.post(privacy.technician(world), "/api/v1/sessions", Map.of("ticketId", world.ticketId(), "hubId",
                        world.hubId(), "templateId", world.templateId(), "durationMinutes", 30, "reason", "again"))
                .statusCode(409).body("code", equalTo("home_erased"));
        // a request that raced the erasure and is still pending cannot be approved either
        privacy.rows("UPDATE support_sessions SET state = 'requested', ended_at = NULL, version = version + 1 "
                + "WHERE id = $1", Tuple.of(pending));
        privacy.approve(world, pending, Map.of()).statusCode(409).body("code", equalTo("home_erased"));
        assertEquals("requested", state(pending));
    }

    @Test
    void shouldReplaceHubNamesAndPseudonymiseDeviceIdsOutsideTheChain() {
        // Given a home whose ended session named its devices in scopes and approvals
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        privacy.end(world, session);
        long chained = privacy.rows("SELECT count(*) FROM audit_events WHERE home_id = $1", Tuple.of(world.homeId()))
                .iterator().next().getLong(0);

        // When
        erase(privacy.resident(world), world.homeId()).statusCode(200);

        // Then the hub has a neutral name and no stored row outside the hash chain names a device
        assertEquals("[erased]", privacy.rows("SELECT name FROM hubs WHERE id = $1", Tuple.of(world.hubId()))
                .iterator().next().getString(0));
        List<String> devices = new ArrayList<>();
        privacy.rows("SELECT device_id FROM devices WHERE hub_id = $1 ORDER BY device_id", Tuple.of(world.hubId()))
                .forEach(row -> devices.add(row.getString(0)));
        assertEquals(3, devices.size());
        assertEquals(3, Set.copyOf(devices).size());
        devices.forEach(id -> assertTrue(id.matches("erased-[0-9a-f]{16}"), id));
        String stored = privacy.rows("SELECT s.requested_scope || s.scope || string_agg(coalesce(a.scope, ''), '') "
                + "FROM support_sessions s JOIN approvals a ON a.session_id = s.id WHERE s.id = $1 "
                + "GROUP BY s.requested_scope, s.scope", Tuple.of(session)).iterator().next().getString(0);
        for (String real : List.of("thermostat-1", "camera-1", "lock-1")) {
            assertFalse(stored.contains(real), stored);
        }
        // one device, one pseudonym: the scopes still name inventory rows
        assertTrue(devices.stream().anyMatch(stored::contains), stored);
        // chained audit rows are left as they were (changing them would break verification)
        assertEquals(chained + 2, privacy.rows("SELECT count(*) FROM audit_events WHERE home_id = $1",
                Tuple.of(world.homeId())).iterator().next().getLong(0));
        PrivacyWorld.get(privacy.resident(world), "/api/v1/sessions/" + session + "/audit/verify")
                .statusCode(200).body("valid", equalTo(true));
    }

    private String state(UUID session) {
        return privacy.rows("SELECT state FROM support_sessions WHERE id = $1", Tuple.of(session)).iterator().next()
                .getString(0);
    }

    @Test
    void shouldAnswerNotFoundToAnotherResidentATechnicianAndOps() {
        // Given
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        privacy.end(world, session);
        var other = privacy.world();

        // When
        erase(privacy.resident(other), world.homeId()).statusCode(404).body("code", equalTo("not_found"));
        erase(privacy.technician(world), world.homeId()).statusCode(404).body("code", equalTo("not_found"));
        erase(tokens.ops(Tokens.unique("ops")), world.homeId()).statusCode(404).body("code", equalTo("not_found"));

        // Then
        assertEquals(0, privacy.count(world.homeId()));
        assertEquals(1, privacy.rows("SELECT 1 FROM session_keys WHERE session_id = $1 AND wrapped_key IS NOT NULL",
                Tuple.of(session)).size());
    }

    @Test
    void shouldRequireAFreshSecondFactor() {
        // Given a resident whose login is older than the step-up maximum
        var world = privacy.world();
        String stale = tokens.residentAuthenticatedAt(world.residentSubject(), Instant.now().minusSeconds(301), true);

        // When / Then
        erase(stale, world.homeId()).statusCode(401).body("code", equalTo("step_up_required"));
        assertEquals(0, privacy.count(world.homeId()));
    }

    private static io.restassured.response.ValidatableResponse erase(String token, UUID homeId) {
        return given().auth().oauth2(token).when().delete("/api/v1/homes/" + homeId + "/data").then();
    }
}
