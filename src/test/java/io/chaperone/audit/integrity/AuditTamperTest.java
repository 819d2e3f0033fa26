package io.chaperone.audit.integrity;

import io.chaperone.audit.integrity.IntegrityWorld.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Tampering as the database owner (triggers bypassed) is found and named by
 * {@code GET /api/v1/sessions/{id}/audit/verify}; intact chains verify for everyone who may see the session.
 */
@QuarkusTest
class AuditTamperTest {

    @Inject
    IntegrityWorld world;

    @Test
    void shouldVerifyAnIntactChainWithItsLatestCheckpoint() {
        // Given a session with 6 records, anchored by a checkpoint
        Session s = world.session(6);
        Checkpoint cp = world.anchored(s.id(), 6);

        // When the resident verifies it
        verify(s.residentToken(), s)
                // Then
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("chainId", equalTo(s.id().toString()))
                .body("records", equalTo(6))
                .body("head.seq", equalTo(6))
                .body("head.hash", equalTo(ChainHash.hex(cp.headOf(s.id()).orElseThrow().hash())))
                .body("checkpoint.id", equalTo((int) cp.id()))
                .body("$", not(hasKey("reason")));
    }

    @Test
    void shouldLetTheTechnicianAndOpsVerifyButNotAnotherResident() {
        Session s = world.session(2);

        verify(s.technicianToken(), s).statusCode(200).body("valid", equalTo(true));
        verify(world.opsToken(), s).statusCode(200).body("valid", equalTo(true));
        verify(world.otherResidentToken(), s).statusCode(404).body("code", equalTo("not_found"));
        given().when().get("/api/v1/sessions/" + s.id() + "/audit/verify").then().statusCode(401);
    }

    @Test
    void shouldNameAChangedRow() {
        Session s = world.session(6);

        OwnerDb.tamper("UPDATE audit_events SET outcome = 'denied' WHERE chain_id = '" + s.id() + "' AND seq = 4");

        verify(s.residentToken(), s).statusCode(200)
                .body("valid", equalTo(false))
                .body("firstBrokenSeq", equalTo(4))
                .body("reason", equalTo("changed"));
    }

    @Test
    void shouldNameADeletedRowAsMissing() {
        Session s = world.session(6);

        OwnerDb.tamper("DELETE FROM audit_events WHERE chain_id = '" + s.id() + "' AND seq = 3");

        verify(s.residentToken(), s).statusCode(200)
                .body("valid", equalTo(false))
                .body("firstBrokenSeq", equalTo(3))
                .body("reason", equalTo("missing"));
    }

    @Test
    void shouldNameTwoSwappedRowsAsReordered() {
        Session s = world.session(6);

        // rows 2 and 5 trade places: their seq keys are swapped, everything else travels with the row
        String chain = "chain_id = '" + s.id() + "'";
        OwnerDb.tamper("UPDATE audit_events SET seq = 1000 WHERE " + chain + " AND seq = 2",
                "UPDATE audit_events SET seq = 2 WHERE " + chain + " AND seq = 5",
                "UPDATE audit_events SET seq = 5 WHERE " + chain + " AND seq = 1000");

        verify(s.residentToken(), s).statusCode(200)
                .body("valid", equalTo(false))
                .body("firstBrokenSeq", equalTo(2))
                .body("reason", equalTo("reordered"))
                .body("detail", equalTo("the record stored at seq 5 belongs at seq 2"));
    }

    @Test
    void shouldNameATruncatedTailAfterACheckpoint() {
        // Given a chain anchored at seq 7
        Session s = world.session(7);
        world.anchored(s.id(), 7);

        // When the owner deletes the last two rows (the rest still chains perfectly)
        OwnerDb.tamper("DELETE FROM audit_events WHERE chain_id = '" + s.id() + "' AND seq >= 6");

        // Then
        verify(s.residentToken(), s).statusCode(200)
                .body("valid", equalTo(false))
                .body("firstBrokenSeq", equalTo(6))
                .body("reason", equalTo("truncated"));
    }

    @Test
    void shouldNameAForgedCheckpoint() {
        // Given an anchored chain
        Session s = world.session(3);
        Checkpoint cp = world.anchored(s.id(), 3);

        // When the owner rewrites the checkpoint's root (its signature no longer matches)
        OwnerDb.tamper("UPDATE audit_checkpoints SET merkle_root = sha256(merkle_root) WHERE id = " + cp.id());

        // Then
        verify(s.residentToken(), s).statusCode(200)
                .body("valid", equalTo(false))
                .body("firstBrokenSeq", equalTo(3))
                .body("reason", equalTo("checkpoint_signature"))
                .body("detail", startsWith("checkpoint " + cp.id()));
    }

    private static ValidatableResponse verify(String token, Session s) {
        return given().auth().oauth2(token).when().get("/api/v1/sessions/" + s.id() + "/audit/verify").then();
    }
}
